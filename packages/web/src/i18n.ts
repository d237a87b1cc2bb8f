import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const languages = ['nl', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'tg-language';

/** The visitor's choice if they made one, else the browser's language, else English. */
export function preferredLanguage(): Language {
  const chosen = localStorage.getItem(storageKey);
  if (chosen === 'nl' || chosen === 'en') return chosen;
  const fromBrowser = navigator.languages?.find((tag) => tag.startsWith('nl') || tag.startsWith('en')) ?? navigator.language;
  return fromBrowser?.startsWith('nl') ? 'nl' : 'en';
}

/** One i18next instance per app, Dutch and English, started in the preferred language. */
export async function startI18n(resources: Record<Language, Resource[string]>) {
  const language = preferredLanguage();
  await i18next.use(initReactI18next).init({
    resources: { nl: resources.nl, en: resources.en },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function changeLanguage(language: Language) {
  localStorage.setItem(storageKey, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}
