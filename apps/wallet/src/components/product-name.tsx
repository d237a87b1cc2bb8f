import { useTranslation } from 'react-i18next';
import { isAddon } from '../lib/products.ts';
import type { ProductKind } from '../lib/tickets.ts';

/** A ticket's or add-on's name in a list (from productLabels), an add-on marked as one. */
export function ProductName({ label, kind }: { label: string; kind?: ProductKind }) {
  const { t } = useTranslation();
  return (
    <span>
      {label}
      {isAddon({ kind }) && <> <span className="badge addon">{t('addons.badge')}</span></>}
    </span>
  );
}
