import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode, href } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';
import { DateField } from '../../components/ui/DateField.tsx';
import { formatDate } from '../../i18n.ts';
import { useReload } from '../../reload.ts';
import '../../styles/console-fleet.css';
import type { AuditEntry } from './audit-sentence.ts';
import { AUDIT_ACTIONS, auditSentence } from './audit-sentence.ts';
import type { Org } from './organization.ts';

/** A day picked in a date field, as the instant its local midnight is; `days` later for an end. */
function dayStart(day: string, days = 0): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + days);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The organization's audit log in sentences, newest first, by action and period; and the same as CSV. */
export function Audit({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = { action: action || undefined, since: dayStart(from), until: dayStart(to, 1) };
  const { since, until } = query;
  const load = useCallback(
    async (cursor?: string) => {
      try {
        const r = await api('GET', '/v1/console/organizations/{org}/audit', {
          params: { org: org.id },
          query: { action: action || undefined, since, until, cursor },
        });
        setEntries((old) => (cursor ? [...(old ?? []), ...r.entries] : r.entries));
        setNames((old) => ({ ...(cursor ? old : {}), ...r.names }));
        setNext(r.nextCursor);
        setError(null);
      } catch (e) {
        setError(errorCode(e));
      }
    },
    [org.id, action, since, until],
  );
  useReload(useCallback(() => load(), [load]));
  return (
    <>
      <div className="filters">
        <label>
          {t('consoleFleet.actions')}
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{t('consoleFleet.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`consoleFleet.auditLabel.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <DateField label={t('consoleFleet.from')} value={from} onChange={setFrom} />
        <DateField label={t('consoleFleet.to')} value={to} onChange={setTo} />
        <a
          href={href('/v1/console/organizations/{org}/audit.csv', { params: { org: org.id }, query })}
          download
        >
          {t('console.exportCsv')}
        </a>
      </div>
      <ErrorText code={error} />
      {entries && entries.length === 0 && <p>{t('consoleFleet.noEntries')}</p>}
      {entries && entries.length > 0 && (
        <ol className="audit">
          {entries.map((e) => {
            const { sentence, more } = auditSentence(t, e, names);
            return (
              <li key={e.id}>
                <p>{sentence}</p>
                {more.map((line) => (
                  <p key={line} className="meta">
                    {line}
                  </p>
                ))}
                <p className="meta">
                  <time dateTime={e.at}>{formatDate(e.at, true)}</time>
                  {e.ip && <> · {e.ip}</>}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      {next && (
        <p className="actions">
          <button type="button" onClick={() => void load(next)}>
            {t('consoleFleet.loadMore')}
          </button>
        </p>
      )}
    </>
  );
}
