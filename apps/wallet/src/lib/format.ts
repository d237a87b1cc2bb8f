import i18next from 'i18next';

const locale = () => (i18next.language === 'nl' ? 'nl-NL' : 'en-GB');

export const formatMoney = (cents: number, currency: string) =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);

export const formatWhen = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** Names as a sentence says them: "Parking", "Parking and Locker", "Parking, Locker and Camping". */
export const formatList = (names: string[]) => new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(names);

export const formatNumber = (n: number) => new Intl.NumberFormat(locale()).format(n);

/** A moment as a sentence says it: "at 20:00" today, "on Sun 6 Dec at 20:00" another day. */
export function formatMoment(iso: string) {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(at);
  if (at.toDateString() === new Date().toDateString()) return i18next.t('moment.today', { time });
  const day = new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short' }).format(at);
  return i18next.t('moment.day', { day, time });
}

/** What is left of a span of time, as a clock shows it: "9:05". */
export function formatCountdown(ms: number) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
