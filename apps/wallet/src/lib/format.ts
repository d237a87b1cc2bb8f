import i18next from 'i18next';

const locale = () => (i18next.language === 'nl' ? 'nl-NL' : 'en-GB');

export const formatMoney = (cents: number, currency: string) =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);

/** A day as lists show it: "Sun 6 Dec", with the year when it is not this year ("Sun 6 Dec 2026"). */
const dayOptions = (at: Date): Intl.DateTimeFormatOptions => ({
  weekday: 'short', day: 'numeric', month: 'short', ...(at.getFullYear() === new Date().getFullYear() ? {} : { year: 'numeric' }),
});

export const formatWhen = (iso: string) => {
  const at = new Date(iso);
  return new Intl.DateTimeFormat(locale(), { ...dayOptions(at), hour: '2-digit', minute: '2-digit' }).format(at);
};

/** Only the time of day: "20:00". */
export const formatTime = (iso: string) => new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** Names as a sentence says them: "Parking", "Parking and Locker", "Parking, Locker and Camping". */
export const formatList = (names: string[]) => new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(names);

export const formatNumber = (n: number) => new Intl.NumberFormat(locale()).format(n);

/** Hundredths of a percent as a percentage: 900 is "9%", 950 is "9.5%". */
export const formatPercent = (basisPoints: number) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);

/** A moment as a sentence says it: "at 20:00" today, "on Sun 6 Dec at 20:00" another day. */
export function formatMoment(iso: string) {
  const at = new Date(iso);
  const time = formatTime(iso);
  if (at.toDateString() === new Date().toDateString()) return i18next.t('moment.today', { time });
  const day = new Intl.DateTimeFormat(locale(), dayOptions(at)).format(at);
  return i18next.t('moment.day', { day, time });
}

/** What is left of a span of time, as a clock shows it: "9:05". */
export function formatCountdown(ms: number) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
