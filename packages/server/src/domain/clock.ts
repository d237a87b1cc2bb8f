/** The time source of the domain; tests pass their own to move through hold expiry without waiting. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export const iso = (date: Date) => date.toISOString();

export const addSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);
