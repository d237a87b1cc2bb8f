import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api-client.ts';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { navigate } from '../router.tsx';
import { signIn } from '../session.ts';

/**
 * Accepting a staff invite: the one-time token travels in the fragment (/dashboard/invite#<token>),
 * so it never reaches a server log or a Referer header.
 */
export function InvitePage() {
  const { t } = useTranslation();
  const token = location.hash.slice(1);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<{ token: string }>('/api/v1/staff/invites/accept', 'POST', {
        token,
        name: String(form.get('name')),
        email: String(form.get('email')),
        password: String(form.get('password')),
      });
      signIn(answer.token);
      navigate('/', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const known: Record<string, string> = { invite_used: t('invite.used'), invite_expired: t('invite.expired'), invite_not_found: t('invite.notFound') };
  const message = error instanceof ApiError ? known[error.code] : undefined;
  return (
    <div className="narrow">
      <h1>{t('invite.title')}</h1>
      {!token ? (
        <p className="error" role="alert">{t('invite.notFound')}</p>
      ) : (
        <form className="card" onSubmit={(event) => void submit(event)}>
          <p className="muted">{t('invite.intro')}</p>
          <Field label={t('invite.name')}>
            <input name="name" required maxLength={200} autoComplete="name" />
          </Field>
          <Field label={t('auth.email')}>
            <input name="email" type="email" required autoComplete="email" />
          </Field>
          <Field label={t('auth.password')} hint={t('auth.passwordHint')}>
            <input name="password" type="password" required minLength={10} autoComplete="new-password" />
          </Field>
          {message ? <p className="error" role="alert">{message}</p> : <ErrorNotice error={error} />}
          <button type="submit" disabled={busy}>{t('invite.accept')}</button>
        </form>
      )}
    </div>
  );
}
