import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Field } from './field.tsx';
import { InputProblem } from '../errors.ts';
import { hundredthsInput, parseHundredths } from '../format.ts';

/** A price typed the Dutch or the English way ("12,50" or "12.50"), with its currency beside it. */
export function PriceField({ currency, cents, error, fixedHint }: { currency: string; cents?: number; error?: string; fixedHint?: string }) {
  const { t } = useTranslation();
  return (
    <Field label={t('types.price')} unit={currency} hint={fixedHint ?? t('types.priceHint')} error={error}>
      <input name="price" inputMode="decimal" autoComplete="off" required disabled={fixedHint !== undefined} defaultValue={cents === undefined ? undefined : hundredthsInput(cents)} />
    </Field>
  );
}

/** The price field's value in cents; a price that cannot be read is thrown as a problem at priceCents. */
export function readPrice(form: FormData, t: TFunction) {
  const cents = parseHundredths(String(form.get('price') ?? ''));
  if (cents === undefined) throw new InputProblem('priceCents', t('types.priceUnreadable'));
  return cents;
}
