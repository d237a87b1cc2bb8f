import { useTranslation } from 'react-i18next';
import type { Draft, Text } from './message-form.tsx';

/**
 * A message as the wallets will show it, once per language it was written in: who sends it, the event
 * it is about, its title and text, and the voucher that comes with it.
 */
export function MessagePreview({ draft, organizer, event, voucher }: { draft: Draft; organizer: string; event: string; voucher?: string }) {
  const { t } = useTranslation();
  const texts = Object.entries(draft.translations) as ['nl' | 'en', Text][];
  return (
    <div className="grid-2">
      {texts.map(([lang, text]) => (
        <figure key={lang} className="wallet-preview" data-testid="message-preview">
          <figcaption className="muted">{t(lang === 'nl' ? 'preview.dutch' : 'preview.english')}</figcaption>
          <div className="preview-card" lang={lang}>
            <p className="preview-from">{organizer}</p>
            <p>
              <span className="badge preview-event">{event}</span>
            </p>
            <h3>{text.title}</h3>
            <p className="message-body">{text.body}</p>
            {voucher && <p className="preview-voucher">{t('preview.voucher', { name: voucher })}</p>}
          </div>
        </figure>
      ))}
    </div>
  );
}
