import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { CopyField } from '../components/copy-field.tsx';
import { dateTime } from '../format.ts';
import { useSession } from '../session-context.tsx';
import { TableScroll } from '../components/table-scroll.tsx';

const roles = ['owner', 'manager', 'gate'] as const;

interface StaffList {
  staff: { id: string; email: string; name: string; role: (typeof roles)[number]; createdAt: string }[];
  invites: { id: string; role: string; createdAt: string; expiresAt: string }[];
}

/** Staff and their roles, and one-time invite links for new staff. */
export function StaffPage() {
  const { t } = useTranslation();
  const session = useSession();
  const list = useApi<StaffList>('/api/v1/staff', undefined, true);
  const [invite, setInvite] = useState<{ url: string; role: string; expiresAt: string }>();
  const [error, setError] = useState<unknown>();
  const act = (work: Promise<unknown>) => void work.then(list.reload, setError);

  const create = (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const role = String(new FormData(formEvent.currentTarget).get('role'));
    setError(undefined);
    act(api<{ url: string; role: string; expiresAt: string }>('/api/v1/staff/invites', 'POST', { role }).then(setInvite));
  };

  if (list.missing) return <><h1>{t('staff.title')}</h1><p className="notice">{t('app.unavailable')}</p></>;
  return (
    <>
      <h1>{t('staff.title')}</h1>
      <p className="muted">{t('staff.intro')}</p>
      <ErrorNotice error={error ?? list.error} />
      <TableScroll name={t('staff.title')} card>
        <table data-testid="staff">
          <thead>
            <tr>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('auth.email')}</th>
              <th scope="col">{t('staff.role')}</th>
              <th scope="col"><span className="visually-hidden">{t('staff.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.staff ?? []).map((member) => (
              <tr key={member.id}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>
                  <select aria-label={t('staff.roleOf', { name: member.name })} value={member.role} onChange={(e) => act(api(`/api/v1/staff/${member.id}`, 'PATCH', { role: e.target.value }))}>
                    {roles.map((role) => <option key={role} value={role}>{t(`roles.${role}`)}</option>)}
                  </select>
                </td>
                <td>
                  {member.id !== session?.staff.id && (
                    <button type="button" className="secondary compact" onClick={() => act(api(`/api/v1/staff/${member.id}`, 'DELETE'))} aria-label={t('staff.removeNamed', { name: member.name })}>
                      {t('gate.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {invite && (
        <section className="card" data-testid="invite">
          <h2>{t('staff.inviteReady', { role: t(`roles.${invite.role}`) })}</h2>
          <p className="notice">{t('staff.inviteWarning', { at: dateTime(invite.expiresAt) })}</p>
          <CopyField label={t('staff.inviteLink')} value={invite.url} testId="invite-url" />
        </section>
      )}
      <section className="card">
        <h2>{t('staff.invites')}</h2>
        <ul className="plain-list">
          {(list.data?.invites ?? []).map((open) => (
            <li key={open.id} className="row spread">
              <span>{t(`roles.${open.role}`)} · {t('staff.expires', { at: dateTime(open.expiresAt) })}</span>
              <button type="button" className="secondary compact" onClick={() => act(api(`/api/v1/staff/invites/${open.id}`, 'DELETE'))}>{t('staff.withdraw')}</button>
            </li>
          ))}
        </ul>
        <form onSubmit={create} className="inline-form">
          <Field label={t('staff.role')} hint={t('staff.rolesExplain')}>
            <select name="role" defaultValue="gate">
              {roles.map((role) => <option key={role} value={role}>{t(`roles.${role}`)}</option>)}
            </select>
          </Field>
          <button type="submit">{t('staff.invite')}</button>
        </form>
      </section>
    </>
  );
}
