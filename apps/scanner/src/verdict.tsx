import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonLabels, verdictLabels } from '@ticketguard/protocol';
import { signalVerdict } from './feedback.ts';
import type { ScanRecord } from './local-db.ts';

export const labelLanguage = (language: string) => (language.startsWith('nl') ? 'nl' : 'en');

export const timeOf = (iso: string, language: string) =>
  new Date(iso).toLocaleTimeString(labelLanguage(language), { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Long enough to read a refusal to the visitor; an admission only needs a glance. */
const showForMs = { accepted: 2000, rejected: 4000 };

/**
 * The full-screen verdict: the whole screen green or red, a big symbol and word, the reason in the
 * staff's language (from the protocol's own labels), and for `already_used` when and where the ticket
 * got in. A tap, the next scan or a few seconds dismiss it.
 */
export function Verdict({ record, count, onDismiss }: { record: ScanRecord; count: number; onDismiss: () => void }) {
  const { t, i18n } = useTranslation();
  const language = labelLanguage(i18n.language);
  const accepted = record.localVerdict === 'accepted';

  useEffect(() => {
    signalVerdict(accepted);
    const timer = setTimeout(onDismiss, showForMs[record.localVerdict]);
    return () => clearTimeout(timer);
    // A new scan (count) restarts the timer and the sound.
  }, [count]);

  const word = accepted && record.mode === 'voucher' ? t('verdict.redeemed') : verdictLabels[language][record.localVerdict];
  const first = record.firstScan;
  return (
    <div
      className={`verdict ${accepted ? 'verdict-accepted' : 'verdict-rejected'}`}
      data-testid="verdict"
      data-verdict={record.localVerdict}
      data-reason={record.reason ?? ''}
      data-count={count}
      role="alert"
      onClick={onDismiss}
    >
      <svg className="verdict-icon" viewBox="0 0 100 100" aria-hidden="true">
        {accepted ? <path d="M20 52l20 20 40-44" /> : <path d="M26 26l48 48M74 26l-48 48" />}
      </svg>
      <p className="verdict-word">{word}</p>
      {record.reason && <p className="verdict-reason" data-testid="verdict-reason">{reasonLabels[language][record.reason]}</p>}
      {first && (
        <p className="verdict-detail" data-testid="first-scan">
          {first.gate
            ? t('verdict.firstScan', { time: timeOf(first.scannedAt, language), gate: first.gate })
            : t('verdict.firstScanNoGate', { time: timeOf(first.scannedAt, language) })}
        </p>
      )}
      {record.unknownInPack && <p className="verdict-detail">{t('verdict.unknownInPack')}</p>}
      <p className="verdict-ms">{t('verdict.decided', { ms: record.decisionMs.toFixed(2) })}</p>
    </div>
  );
}
