import i18next from 'i18next';

const locale = () => (i18next.language === 'nl' ? 'nl-NL' : 'en-GB');

export const money = (cents: number, currency = 'EUR') =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);

export const percent = (share: number) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);

export const count = (value: number) => new Intl.NumberFormat(locale()).format(value);

export const dateTime = (iso: string | null | undefined) =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '–';

/** A moment such as a sale's opening or a draw: to the second when it has seconds, else to the minute. */
export function moment(iso: string) {
  const date = new Date(iso);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: date.getSeconds() ? 'medium' : 'short' }).format(date);
}

/** A time of day to the second, e.g. when a live figure was last refreshed. */
export const clockTime = (date: Date) => new Intl.DateTimeFormat(locale(), { timeStyle: 'medium' }).format(date);

/** An ISO time as the value of a datetime-local input, in the browser's time zone: to the minute, or to the second for an input with step 1. */
export function toLocalInput(iso: string | null | undefined, seconds = false) {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, seconds ? 19 : 16);
}

/** A datetime-local value (browser time zone) as ISO UTC, or undefined when empty. */
export const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

/** A day, such as an event's start in a list of events. */
export const date = (iso: string) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));

/**
 * A number with at most two decimals, typed the Dutch or the English way, in hundredths: a price in cents
 * ("12,50", "12.50", "12,5" and "12" are 1250, 1250, 1250 and 1200) or a VAT rate in basis points ("9" is
 * 900). Anything else is undefined: "12,345" (a thousands separator, or a third decimal?), "1.234,50",
 * letters, a sign.
 */
export function parseHundredths(text: string) {
  const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : undefined;
}

/** Hundredths as a field shows them: a price with 2 decimals ("12,50" in Dutch, "12.50" in English), a rate with what it needs ("9", "9,5"). */
export const hundredthsInput = (value: number, decimals = 2) =>
  new Intl.NumberFormat(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: 2, useGrouping: false }).format(value / 100);
