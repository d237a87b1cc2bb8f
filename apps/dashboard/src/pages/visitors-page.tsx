import { useTranslation } from 'react-i18next';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { useApi } from '../use-api.ts';
import { Stat } from '../components/stat.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { count } from '../format.ts';

interface VisitorPicture {
  minimumGroup: number;
  returningHolders: number | null;
  eventsPerHolder: { bin: string; holders: number | null }[];
  ticketsPerHolder: { bin: string; holders: number | null }[];
  profile: { key: string; answers: { answer: string; holders: number }[] }[];
}

/** Who your visitors are across all your events, in aggregates only: every group under k = 10 is hidden. */
export function VisitorsPage() {
  const { t } = useTranslation();
  const { data, error } = useApi<VisitorPicture>('/api/v1/insights/visitors');
  const hidden = t('visitors.suppressed', { k: data?.minimumGroup ?? 10 });
  return (
    <>
      <h1>{t('visitors.title')}</h1>
      <p className="muted">{t('visitors.intro', { k: data?.minimumGroup ?? 10 })}</p>
      <ErrorNotice error={error} />
      {data && (
        <>
          <section className="card">
            <Stat big={data.returningHolders !== null} label={t('visitors.returning')} value={data.returningHolders === null ? hidden : count(data.returningHolders)} hint={t('visitors.returningHint')} testId="returning" />
          </section>
          <div className="grid-2">
            <section className="card" aria-labelledby="events-per-heading">
              <h2 id="events-per-heading">{t('visitors.eventsPer')}</h2>
              <BarList title={t('visitors.eventsPer')} suppressedText={hidden} bars={data.eventsPerHolder.map((b) => ({ label: t('visitors.eventsBin', { bin: b.bin, count: b.bin === '1' ? 1 : 2 }), value: b.holders }))} testId="events-per-holder" />
            </section>
            <section className="card" aria-labelledby="tickets-per-heading">
              <h2 id="tickets-per-heading">{t('visitors.ticketsPer')}</h2>
              <BarList title={t('visitors.ticketsPer')} suppressedText={hidden} bars={data.ticketsPerHolder.map((b) => ({ label: t('visitors.ticketsBin', { bin: b.bin, count: b.bin === '1' ? 1 : 2 }), value: b.holders }))} />
            </section>
          </div>
          <section className="card" aria-labelledby="answers-heading">
            <h2 id="answers-heading">{t('visitors.answers')}</h2>
            {data.profile.length === 0 && <p className="muted">{t('visitors.noAnswers')}</p>}
            {data.profile.map((question) => (
              <div key={question.key}>
                <h3>{question.key}</h3>
                {question.answers.length === 0 ? (
                  <p className="muted">{t('visitors.allSuppressed', { k: data.minimumGroup })}</p>
                ) : (
                  <BarList title={question.key} bars={question.answers.map((a) => ({ label: a.answer, value: a.holders }))} />
                )}
              </div>
            ))}
          </section>
        </>
      )}
    </>
  );
}
