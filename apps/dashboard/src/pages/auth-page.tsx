import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { explainError } from '../errors.ts';
import { Link, navigate } from '../router.tsx';
import { signIn } from '../session.ts';

/** Sign up (a new organizer with you as its owner) or sign in; both end with a session token. */
export function AuthPage({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const problem = explainError(error, t, ['name', 'email', 'password']);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setError(undefined);
    try {
      const answer =
        mode === 'sign-up'
          ? await api<{ token: string }>('/api/v1/organizers', 'POST', { name: value('name'), email: value('email'), password: value('password') })
          : await api<{ token: string }>('/api/v1/sessions', 'POST', { email: value('email'), password: value('password') });
      signIn(answer.token);
      navigate(mode === 'sign-up' ? '/events/new' : '/', { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <h1>{mode === 'sign-up' ? t('auth.signUpTitle') : t('auth.signInTitle')}</h1>
      <p className="muted">{t('auth.intro')}</p>
      <form className="card" onSubmit={(event) => void submit(event)}>
        {mode === 'sign-up' && (
          <Field label={t('auth.organizerName')} hint={t('auth.organizerNameHint')} error={problem.fields.name}>
            <input name="name" required maxLength={200} autoComplete="organization" />
          </Field>
        )}
        <Field label={t('auth.email')} error={problem.fields.email}>
          <input name="email" type="email" required autoComplete="email" />
        </Field>
        <Field label={t('auth.password')} hint={mode === 'sign-up' ? t('auth.passwordHint') : undefined} error={problem.fields.password}>
          <input name="password" type="password" required minLength={mode === 'sign-up' ? 10 : 1} autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'} />
        </Field>
        <ErrorNotice error={problem.form} />
        <button type="submit" disabled={busy}>
          {mode === 'sign-up' ? t('auth.signUp') : t('auth.signIn')}
        </button>
      </form>
      <p>
        {mode === 'sign-up' ? (
          <Link to="/sign-in">{t('auth.haveAccount')}</Link>
        ) : (
          <Link to="/sign-up">{t('auth.newOrganizer')}</Link>
        )}
      </p>
    </div>
  );
}
