import { useCallback, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api.ts';
import { api, errorCode, textField } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';
import { formatDate } from '../../i18n.ts';
import { useReload } from '../../reload.ts';
import type { Org, Role } from './organization.ts';

const ROLES: Record<Role, true> = { member: true, admin: true };
function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

/** The organization's members and open invitations; admins change roles, remove and invite. */
export function Members({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [list, setList] = useState<Schemas['Members'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reload = useReload(
    useCallback(
      () =>
        api('GET', '/v1/console/organizations/{org}/members', { params: { org: org.id } }).then(setList, () =>
          setError('generic'),
        ),
      [org.id],
    ),
  );
  const act = async (f: () => Promise<unknown>, after?: string) => {
    setError(null);
    setDone(null);
    try {
      await f();
      if (after) setDone(after);
      reload();
    } catch (e) {
      setError(errorCode(e));
    }
  };
  const member = (accountId: string) => ({ params: { org: org.id, accountId } });
  const invitation = (id: string) => ({ params: { org: org.id, id } });
  const invite = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const email = textField(form, 'email');
    const role = textField(form, 'role');
    void act(async () => {
      await api('POST', '/v1/console/organizations/{org}/invitations', {
        params: { org: org.id },
        body: { email, role: isRole(role) ? role : 'member' },
      });
      setSent(email);
      form.reset();
    });
  };
  if (!list) return <p>{t('app.loading')}</p>;
  return (
    <>
      <ul className="cards">
        {list.members.map((m) => (
          <li key={m.accountId} className="card">
            <h2>{m.name}</h2>
            <p className="meta">
              {m.email} · {t(`console.role.${m.role}`)}
            </p>
            {org.role === 'admin' && (
              <p className="actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(() =>
                      api('PATCH', '/v1/console/organizations/{org}/members/{accountId}', {
                        ...member(m.accountId),
                        body: { role: m.role === 'admin' ? 'member' : 'admin' },
                      }),
                    )
                  }
                >
                  {m.role === 'admin' ? t('console.makeMember') : t('console.makeAdmin')}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void act(() =>
                      api(
                        'DELETE',
                        '/v1/console/organizations/{org}/members/{accountId}',
                        member(m.accountId),
                      ),
                    )
                  }
                >
                  {t('console.remove')}
                </button>
              </p>
            )}
          </li>
        ))}
        {list.invitations.map((i) => (
          <li key={i.id} className="card">
            <h2>{i.email}</h2>
            <p className="meta">
              {t('console.pending')} ·{' '}
              {t('consoleFleet.invitedAs', {
                role: t(`console.role.${i.role}`).toLocaleLowerCase(),
                date: formatDate(i.expiresAt, true),
              })}
            </p>
            {org.role === 'admin' && (
              <p className="actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      () =>
                        api(
                          'POST',
                          '/v1/console/organizations/{org}/invitations/{id}/resend',
                          invitation(i.id),
                        ),
                      t('consoleFleet.resent', { email: i.email }),
                    )
                  }
                >
                  {t('consoleFleet.resend')}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void act(
                      () =>
                        api('DELETE', '/v1/console/organizations/{org}/invitations/{id}', invitation(i.id)),
                      t('consoleFleet.revoked', { email: i.email }),
                    )
                  }
                >
                  {t('consoleFleet.revoke')}
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
      <ErrorText code={error} />
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      {org.role === 'admin' && (
        <form onSubmit={invite} className="card inline">
          <label>
            {t('auth.email')}
            <input name="email" type="email" required />
          </label>
          <label>
            {t('consoleFleet.role')}
            <select name="role" defaultValue="member">
              {(Object.keys(ROLES) as Role[]).map((role) => (
                <option key={role} value={role}>
                  {t(`console.role.${role}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            {t('console.invite')}
          </button>
        </form>
      )}
      {sent && (
        <p role="status" className="ok">
          {t('console.inviteSent', { email: sent })}
        </p>
      )}
    </>
  );
}
