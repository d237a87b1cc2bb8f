import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localVouchers, syncVouchers, type Voucher } from '../lib/vouchers.ts';
import { formatWhen } from '../lib/format.ts';
import { RotatingQr } from '../components/rotating-qr.tsx';

/** Vouchers (a free drink, a discount), each with its own rotating code for the bar's scanner. */
export default function VouchersScreen() {
  const { t } = useTranslation();
  const [vouchers, setVouchers] = useState<Voucher[]>();
  const [open, setOpen] = useState<string>();

  useEffect(() => {
    let live = true;
    void localVouchers().then((v) => live && setVouchers((current) => current ?? v));
    syncVouchers().then((v) => live && setVouchers(v), () => undefined);
    return () => void (live = false);
  }, []);

  return (
    <main className="page stack">
      <h1>{t('vouchers.title')}</h1>
      {vouchers?.length === 0 && <p className="muted">{t('vouchers.empty')}</p>}
      {vouchers?.map((voucher) => (
        <section key={voucher.id} className="card stack" aria-label={voucher.name} data-testid="voucher">
          <h2>{voucher.name}</h2>
          {voucher.description && <p>{voucher.description}</p>}
          <p className="muted">
            {t('vouchers.usesLeft', { count: voucher.usesLeft })}
            {voucher.validUntil ? ` · ${t('vouchers.until', { when: formatWhen(voucher.validUntil) })}` : ''}
          </p>
          {voucher.state === 'valid' && voucher.usesLeft > 0 ? (
            open === voucher.id ? (
              <RotatingQr credential={voucher.credential} label={t('vouchers.qrLabel', { name: voucher.name })} testId="voucher-qr" />
            ) : (
              <button type="button" onClick={() => setOpen(voucher.id)}>{t('vouchers.show')}</button>
            )
          ) : (
            <span className="badge">{t('vouchers.used')}</span>
          )}
        </section>
      ))}
    </main>
  );
}
