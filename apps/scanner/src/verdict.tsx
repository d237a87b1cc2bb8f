import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonLabels, verdictLabels, type PackProduct } from '@ticketguard/protocol';
import { signalVerdict, type Signal } from './feedback.ts';
import type { ScanRecord } from './local-db.ts';

export const labelLanguage = (language: string) => (language.startsWith('nl') ? 'nl' : 'en');

export const timeOf = (iso: string, language: string) =>
  new Date(iso).toLocaleTimeString(labelLanguage(language), { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/**
 * What the verdict means at the gate. A code at the wrong entrance, or an exit of someone who did not
 * come in here, is genuine: staff send the visitor elsewhere (amber) rather than suspect fraud (red).
 * An exit is never green, so nobody mistakes "let out" for "let in".
 */
export function signalOf(record: ScanRecord): Signal {
  if (record.localVerdict === 'accepted') return record.direction === 'out' ? 'out' : 'in';
  return record.reason === 'not_admitted_here' || record.reason === 'not_inside' ? 'elsewhere' : 'refused';
}

/** Long enough to read a refusal to the visitor; an admission or exit only needs a glance. */
const showForMs: Record<Signal, number> = { in: 2000, out: 2000, elsewhere: 4000, refused: 4000 };

const notInsideIcon = 'M50 18v40M50 80v2';
const icons: Record<Signal, string> = {
  in: 'M20 52l20 20 40-44',
  // A door and an arrow leaving it.
  out: 'M42 18H20v64h22M46 50h36M66 32l18 18-18 18',
  // A turn: "go that way" (an exit of someone not inside shows an exclamation mark instead).
  elsewhere: 'M28 82V52a16 16 0 0 1 16-16h36M64 20l16 16-16 16',
  refused: 'M26 26l48 48M74 26l-48 48',
};

/** "Parking (add-on): Car park P1": what a code refused as not_admitted_here is and which lists admit it. */
function WhereItBelongs({ record, product }: { record: ScanRecord; product: PackProduct | undefined }) {
  const { t, i18n } = useTranslation();
  // Not in the pack at a list of some types: issued after the last refresh.
  if (!record.typeId) return <p className="verdict-detail" data-testid="belongs">{t('verdict.unknownInPack')}</p>;
  if (!product) return null;
  const lists = new Intl.ListFormat(labelLanguage(i18n.language), { type: 'disjunction' }).format(product.lists);
  // The place on a line of its own, so that a long product name never breaks the list's name apart.
  return (
    <p className="verdict-detail verdict-belongs" data-testid="belongs">
      <span>{t('verdict.product', { product: product.name, kind: t(`verdict.kind.${product.kind}`) })}</span>{' '}
      <strong className="verdict-place">{product.lists.length > 0 ? lists : t('verdict.nowhere')}</strong>
    </p>
  );
}

/**
 * The full-screen verdict: the whole screen green (in), blue (out), amber (elsewhere) or red
 * (refused), a big symbol and word, on green the ticket type (or voucher campaign) let in, the reason
 * in the staff's language (from the protocol's own labels), for `already_used` when and where the
 * ticket got in (or left), and for a code at the wrong entrance where it belongs. A tap, the next
 * scan or a few seconds dismiss it. How long deciding took is for the diagnostics, not for the gate.
 */
export function Verdict({ record, count, products, onDismiss }: { record: ScanRecord; count: number; products: ReadonlyMap<string, PackProduct>; onDismiss: () => void }) {
  const { t, i18n } = useTranslation();
  const language = labelLanguage(i18n.language);
  const signal = signalOf(record);
  const product = record.typeId ? products.get(record.typeId.toLowerCase()) : undefined;

  useEffect(() => {
    signalVerdict(signal);
    const timer = setTimeout(onDismiss, showForMs[signal]);
    return () => clearTimeout(timer);
    // A new scan (count) restarts the timer and the sound.
  }, [count]);

  const word =
    signal === 'out' ? t('verdict.goodbye')
    : record.reason === 'not_admitted_here' ? t('verdict.notHere')
    : record.reason === 'not_inside' ? t('verdict.notInside')
    : record.localVerdict === 'accepted' && record.mode === 'voucher' ? t('verdict.redeemed')
    : verdictLabels[language][record.localVerdict];
  const first = record.firstScan;
  const at = first && { time: timeOf(first.scannedAt, language), gate: first.gate };
  return (
    <div
      className={`verdict verdict-${signal}`}
      data-testid="verdict"
      data-verdict={record.localVerdict}
      data-reason={record.reason ?? ''}
      data-signal={signal}
      data-count={count}
      role="alert"
      onClick={onDismiss}
    >
      <svg className="verdict-icon" viewBox="0 0 100 100" aria-hidden="true">
        <path d={record.reason === 'not_inside' ? notInsideIcon : icons[signal]} />
      </svg>
      <p className="verdict-word">{word}</p>
      {signal === 'in' && product && <p className="verdict-type" data-testid="verdict-type">{product.name}</p>}
      {record.reason && <p className="verdict-reason" data-testid="verdict-reason">{reasonLabels[language][record.reason]}</p>}
      {record.reason === 'not_admitted_here' && <WhereItBelongs record={record} product={product} />}
      {at && (
        <p className="verdict-detail" data-testid="first-scan">
          {t(`verdict.${record.firstScanIs === 'exit' ? 'leftAt' : record.firstScanIs === 'entry' ? 'insideSince' : 'firstScan'}${at.gate ? '' : 'NoGate'}`, at)}
        </p>
      )}
      {record.unknownInPack && <p className="verdict-detail">{t('verdict.unknownInPack')}</p>}
    </div>
  );
}
