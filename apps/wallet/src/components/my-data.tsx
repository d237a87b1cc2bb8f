import { Fragment, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWhen } from '../lib/format.ts';

type Value = string | number | boolean | null | Value[] | { [name: string]: Value };

/** GET /api/v1/me/export?format=readable: names and times, no internal ids, sections of entries. */
export type ReadableExport = { title: string; exportedAt: string } & Record<string, Value>;

const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Saves a file the way a browser downloads one. */
export function saveFile(file: Blob, name: string) {
  const url = URL.createObjectURL(file);
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Everything stored about the visitor, as a document to read: a section per kind (tickets, orders,
 * answers, messages...), each entry its fields with labels in the wallet's language and times as the
 * wallet writes them. The same document can be saved as a web page, to keep.
 */
export function MyData({ data }: { data: ReadableExport }) {
  const { t, i18n } = useTranslation();
  const article = useRef<HTMLElement>(null);
  const { title, exportedAt, ...sections } = data;

  function save() {
    const page = document.implementation.createHTMLDocument(title);
    page.documentElement.lang = i18n.language;
    page.body.append(article.current!.cloneNode(true));
    saveFile(new Blob([`<!doctype html>${page.documentElement.outerHTML}`], { type: 'text/html;charset=utf-8' }), 'ticketguard-my-data.html');
  }

  return (
    <>
      <article ref={article} className="my-data stack" aria-labelledby="my-data-title" data-testid="my-data">
        <h3 id="my-data-title">{title}</h3>
        <p className="muted">{t('myData.exportedAt')}: {formatWhen(exportedAt)}</p>
        {Object.entries(sections).map(([name, value]) => (
          <section key={name} aria-labelledby={`my-data-${name}`}>
            <h4 id={`my-data-${name}`}>{t(`myData.${name}`, { defaultValue: name })}</h4>
            <Field name={name} value={value} />
          </section>
        ))}
      </article>
      <button type="button" className="secondary" onClick={save}>{t('myData.save')}</button>
    </>
  );
}

function Field({ name, value }: { name: string; value: Value }) {
  const { t } = useTranslation();
  if (value === null || value === '') return <>—</>;
  if (typeof value === 'boolean') return <>{t(value ? 'myData.yes' : 'myData.no')}</>;
  if (typeof value === 'number') return <>{value}</>;
  if (typeof value === 'string') {
    if (isoTime.test(value)) return <>{formatWhen(value)}</>;
    // A word of the server's (a ticket's state, an order's status), in the wallet's language where it knows it.
    return <>{t(`myData.values.${name}.${value}`, { defaultValue: value })}</>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">{t('myData.none')}</span>;
    return <ul className="my-data-list">{value.map((entry, i) => <li key={i}><Field name={name} value={entry} /></li>)}</ul>;
  }
  return (
    <dl className="my-data-fields">
      {Object.entries(value).map(([field, inner]) => (
        <Fragment key={field}>
          <dt>{t(`myData.${field}`, { defaultValue: field })}</dt>
          <dd><Field name={field} value={inner} /></dd>
        </Fragment>
      ))}
    </dl>
  );
}
