import i18next from 'i18next';

const locale = () => (i18next.language === 'nl' ? 'nl-NL' : 'en-GB');

export const formatMoney = (cents: number, currency: string) =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(cents / 100);

export const formatWhen = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** Names as a sentence says them: "Parking", "Parking and Locker", "Parking, Locker and Camping". */
export const formatList = (names: string[]) => new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(names);
