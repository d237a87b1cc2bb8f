import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { explainError } from '../errors.ts';
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
  const problem = explainError(error, t, ['name', 'email', 'password']);
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

  return (
    <div className="narrow">
      <h1>{t('invite.title')}</h1>
      {!token ? (
        <p className="error" role="alert">{t('invite.notFound')}</p>
      ) : (
        <form className="card" onSubmit={(event) => void submit(event)}>
          <p className="muted">{t('invite.intro')}</p>
          <Field label={t('invite.name')} error={problem.fields.name}>
            <input name="name" required maxLength={200} autoComplete="name" />
          </Field>
          <Field label={t('auth.email')} error={problem.fields.email}>
            <input name="email" type="email" required autoComplete="email" />
          </Field>
          <Field label={t('auth.password')} hint={t('auth.passwordHint')} error={problem.fields.password}>
            <input name="password" type="password" required minLength={10} autoComplete="new-password" />
          </Field>
          <ErrorNotice error={problem.form} />
          <button type="submit" disabled={busy}>{t('invite.accept')}</button>
        </form>
      )}
    </div>
  );
}
