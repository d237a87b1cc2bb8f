import { useTranslation } from 'react-i18next';
import { useApi } from '../use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { dateTime } from '../format.ts';
import { TableScroll } from '../components/table-scroll.tsx';

interface Entry {
  id: string;
  action: string;
  subject: string;
  detail: string;
  by: string | null;
  at: string;
}

/** Every read of personal data by your staff, newest first: the record a visitor may ask you for. */
export function AuditPage() {
  const { t } = useTranslation();
  const { data, error } = useApi<{ entries: Entry[] }>('/api/v1/audit-log');
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <ErrorNotice error={error} />
      {data && data.entries.length === 0 && <p className="muted">{t('audit.none')}</p>}
      <TableScroll name={t('audit.title')} card>
        <table data-testid="audit">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {(data?.entries ?? []).map((entry) => (
              <tr key={entry.id}>
                <td>{dateTime(entry.at)}</td>
                <td>{entry.by ?? '–'}</td>
                <td>{t(`audit.actions.${entry.action}`, { defaultValue: entry.action })}</td>
                <td>{entry.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
