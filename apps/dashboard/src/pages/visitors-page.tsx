import { useTranslation } from 'react-i18next';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { useApi } from '../use-api.ts';
import { useMay } from '../session-context.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { ReturningFigures, ReturningShare } from '../components/returning-figures.tsx';
import { OverlapMap } from '../components/overlap-map.tsx';
import { SegmentMessages } from '../components/segment-messages.tsx';
import { useQuestionText } from '../components/question-text.ts';
import type { ReturningVisitors } from '../types.ts';

interface VisitorPicture {
  minimumGroup: number;
  returningHolders: number | null;
  eventsPerHolder: { bin: string; holders: number | null }[];
  ticketsPerHolder: { bin: string; holders: number | null }[];
  profile: { key: string; answers: { answer: string; holders: number }[] }[];
}

/**
 * Who your visitors are across all your events, in aggregates only (every group under k = 10 is
 * hidden): how they come back, which events share visitors, tickets per visitor, consented answers,
 * and messages to the visitors of earlier events.
 */
export function VisitorsPage() {
  const { t } = useTranslation();
  const may = useMay();
  const picture = useApi<VisitorPicture>('/api/v1/insights/visitors');
  const returning = useApi<ReturningVisitors>('/api/v1/insights/returning', undefined, true);
  const questionText = useQuestionText();
  const data = picture.data;
  const k = returning.data?.minimumGroup ?? data?.minimumGroup ?? 10;
  const hidden = t('visitors.suppressed', { k });
  const back = returning.data;
  return (
    <>
      <h1>{t('visitors.title')}</h1>
      <p className="muted">{t('visitors.intro', { k })}</p>
      <ErrorNotice error={picture.error ?? returning.error} />
      {returning.missing && <p className="notice">{t('returning.unavailable')}</p>}
      {back && (
        <>
          <ReturningFigures data={back} hidden={hidden} />
          <ReturningShare data={back} hidden={hidden} />
        </>
      )}
      <div className="grid-2">
        {back && (
          <section className="card" aria-labelledby="events-per-heading">
            <h2 id="events-per-heading">{t('returning.eventsPer')}</h2>
            <BarList
              title={t('returning.eventsPer')}
              suppressedText={hidden}
              bars={back.byEventCount.map((b) => ({ label: t('visitors.eventsBin', { bin: b.orMore ? `${b.events}+` : b.events, count: b.events }), value: b.visitors }))}
              testId="events-per-holder"
            />
          </section>
        )}
        {data && (
          <section className="card" aria-labelledby="tickets-per-heading">
            <h2 id="tickets-per-heading">{t('visitors.ticketsPer')}</h2>
            <BarList title={t('visitors.ticketsPer')} suppressedText={hidden} bars={data.ticketsPerHolder.map((b) => ({ label: t('visitors.ticketsBin', { bin: b.bin, count: b.bin === '1' ? 1 : 2 }), value: b.holders }))} />
          </section>
        )}
      </div>
      {back && (
        <section className="card" aria-labelledby="overlap-heading">
          <h2 id="overlap-heading">{t('overlap.title')}</h2>
          <p className="muted">{t('overlap.intro')}</p>
          <OverlapMap data={back} hidden={hidden} />
        </section>
      )}
      {data && (
        <section className="card" aria-labelledby="answers-heading">
          <h2 id="answers-heading">{t('visitors.answers')}</h2>
          {data.profile.length === 0 && <p className="muted">{t('visitors.noAnswers')}</p>}
          {data.profile.map((question) => (
            <div key={question.key}>
              <h3>{questionText(question.key)}</h3>
              {question.answers.length === 0 ? (
                <p className="muted">{t('visitors.allSuppressed', { k: data.minimumGroup })}</p>
              ) : (
                <BarList title={questionText(question.key)} bars={question.answers.map((a) => ({ label: a.answer, value: a.holders }))} />
              )}
            </div>
          ))}
        </section>
      )}
      {may('messages.send') && <SegmentMessages k={k} />}
    </>
  );
}
