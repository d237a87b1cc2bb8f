import { useTranslation } from 'react-i18next';
import { changeLanguage, languages, type Language } from './i18n.ts';

const names: Record<Language, string> = { nl: 'Nederlands', en: 'English' };

/** A labelled select, so it works with a keyboard and a screen reader and names each language in itself. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  return (
    <label className="lang-switch row">
      <span className="visually-hidden">Language / Taal</span>
      <select data-testid="language" value={i18n.language} onChange={(event) => void changeLanguage(event.target.value as Language)}>
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {names[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
