import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A read-only value with a copy button (and any further buttons beside it), for links to share and
 * secrets shown once (pairing links, webhook secrets, invites).
 */
export function CopyField({ label, value, testId, children }: { label: string; value: string; testId?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // Without clipboard permission the text stays selected, ready for Ctrl+C.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} readOnly value={value} data-testid={testId} onFocus={(event) => event.target.select()} />
        <button type="button" className="secondary" onClick={() => void copy()}>
          {copied ? t('app.copied') : t('app.copy')}
        </button>
        {children}
      </div>
    </div>
  );
}
