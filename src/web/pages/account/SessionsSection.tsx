import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api.ts';
import { api, errorCode } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';
import { formatDate } from '../../i18n.ts';

type Session = Answer<'GET', '/v1/me/sessions'>['sessions'][number];

/** Where the account is signed in: each session's browser, address and last use; sign one out, or all others. */
export function SessionsSection() {
  const { t } = useTranslation();
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    api('GET', '/v1/me/sessions').then(
      (r) => setSessions(r.sessions),
      (e: unknown) => setError(errorCode(e)),
    );
  }, []);
  useEffect(load, [load]);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      setMessage(t('accounts.sessions.ended'));
      load();
    } catch (err) {
      setError(errorCode(err));
    }
  };

  const describe = (s: Session) =>
    s.browser && s.system
      ? t('accounts.sessions.on', { browser: s.browser, system: s.system })
      : (s.browser ?? s.system ?? t('accounts.sessions.unknown'));

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('accounts.sessions.title')}</h2>
      {!sessions ? (
        <p>{t('app.loading')}</p>
      ) : (
        <ul className="sessions">
          {sessions.map((s) => (
            <li key={s.id}>
              <strong>{describe(s)}</strong>
              {s.current && <span className="badge badge-active">{t('accounts.sessions.current')}</span>}
              <br />
              <small>
                {t('accounts.sessions.lastActive', { date: formatDate(s.lastActiveAt, true) })}
                {s.clientAddress && ` · ${t('accounts.sessions.from', { address: s.clientAddress })}`}
              </small>
              {!s.current && (
                <button
                  type="button"
                  className="link"
                  aria-label={`${t('accounts.sessions.end')}: ${describe(s)}`}
                  onClick={() =>
                    void act(() => api('DELETE', '/v1/me/sessions/{id}', { params: { id: s.id } }))
                  }
                >
                  {t('accounts.sessions.end')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {sessions && sessions.length > 1 && (
        <button type="button" onClick={() => void act(() => api('POST', '/v1/me/sessions/revoke-others'))}>
          {t('accounts.sessions.endOthers')}
        </button>
      )}
      <div aria-live="polite">
        {message && <p className="ok">{message}</p>}
        <ErrorText code={error} />
      </div>
    </section>
  );
}
