import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n.ts';
import type { StaffAuditEntry } from './staff.ts';

/** What staff did, newest first, each with its reason. */
export function StaffAudit({ entries }: { entries: StaffAuditEntry[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="staff-audit">
      <h2 id="staff-audit">{t('operator.audit.title')}</h2>
      {entries.length === 0 ? (
        <p className="meta">{t('operator.audit.none')}</p>
      ) : (
        <ul className="timeline">
          {entries.map((e) => (
            <li key={e.id}>
              {t('operator.audit.entry', {
                date: formatDate(e.at, true),
                staff: e.staff,
                action: t(`operator.actions.${e.action}`),
              })}
              <br />
              <span className="meta">{t('operator.audit.because', { reason: e.reason })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
