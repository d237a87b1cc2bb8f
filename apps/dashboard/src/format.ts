import i18next from 'i18next';

const locale = () => (i18next.language === 'nl' ? 'nl-NL' : 'en-GB');

export const money = (cents: number, currency = 'EUR') =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);

export const percent = (share: number) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);

export const count = (value: number) => new Intl.NumberFormat(locale()).format(value);

export const dateTime = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '–';

/** A time of day to the second, e.g. when a live figure was last refreshed. */
export const clockTime = (date: Date) => new Intl.DateTimeFormat(locale(), { timeStyle: 'medium' }).format(date);

/** An ISO time as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined) {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local value (browser time zone) as ISO UTC, or undefined when empty. */
export const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);
