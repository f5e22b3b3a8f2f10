import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api.ts';
import { api, errorCode, href } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';
import { formatDate } from '../../i18n.ts';
import type { Org } from './organization.ts';

/** The actions an administrator can filter the audit log by. */
const ACTIONS = [
  'delivery.send',
  'delivery.undo',
  'device.enroll',
  'device.update',
  'device.remove',
  'member.invite',
  'member.join',
  'member.role',
  'member.remove',
];

/** The organization's audit log, filtered by action, and the same as CSV. */
export function Audit({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const [entries, setEntries] = useState<Schemas['AuditEntry'][] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = { params: { org: org.id }, query: { action: action || undefined } };
  useEffect(() => {
    api('GET', '/v1/console/organizations/{org}/audit', {
      params: { org: org.id },
      query: { action: action || undefined },
    }).then(
      (r) => setEntries(r.entries),
      (e: unknown) => setError(errorCode(e)),
    );
  }, [org.id, action]);
  if (error) return <ErrorText code={error} />;
  return (
    <>
      <p className="actions">
        <label>
          {t('console.action')}
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{t('console.all')}</option>
            {ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <a href={href('/v1/console/organizations/{org}/audit.csv', request)} download>
          {t('console.exportCsv')}
        </a>
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('console.when')}</th>
            <th scope="col">{t('console.who')}</th>
            <th scope="col">{t('console.what')}</th>
            <th scope="col">{t('console.from')}</th>
            <th scope="col">{t('console.details')}</th>
          </tr>
        </thead>
        <tbody>
          {(entries ?? []).map((e) => (
            <tr key={e.id}>
              <td>{formatDate(e.at, true)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.ip}</td>
              <td>
                <code>{JSON.stringify(e.detail)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
