import { useCallback, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api.ts';
import { api, errorCode, textField } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog.tsx';
import { formatDate } from '../../i18n.ts';
import { useReload } from '../../reload.ts';
import '../../styles/enrollment.css';
import type { MadeKey } from './NewEnrollmentKey.tsx';
import { NewEnrollmentKey } from './NewEnrollmentKey.tsx';
import type { Org } from './organization.ts';

type Key = Answer<'GET', '/v1/console/organizations/{org}/enrollment-keys'>['enrollmentKeys'][number];

/** A date input's day, as the end of that day where the admin is: the key works all of its last day. */
function endOfDay(day: string): string | null {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : null;
}

/** The organization's enrolment keys (admins): make one (shown once), see their uses, revoke. */
export function EnrollmentKeys({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [keys, setKeys] = useState<Key[] | null>(null);
  const [made, setMade] = useState<MadeKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const params = { org: org.id };
  const reload = useReload(
    useCallback(
      () =>
        api('GET', '/v1/console/organizations/{org}/enrollment-keys', { params: { org: org.id } }).then(
          (r) => setKeys(r.enrollmentKeys),
          (e: unknown) => {
            setKeys([]);
            setError(errorCode(e));
          },
        ),
      [org.id],
    ),
  );
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      reload();
    } catch (e) {
      setError(errorCode(e));
    }
  };
  const create = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const name = textField(form, 'name');
    const group = textField(form, 'group') || null;
    const maxUses = textField(form, 'maxUses');
    void act(async () => {
      const r = await api('POST', '/v1/console/organizations/{org}/enrollment-keys', {
        params,
        body: {
          name,
          group,
          expiresAt: endOfDay(textField(form, 'expiresAt')),
          maxUses: maxUses ? Number(maxUses) : null,
        },
      });
      setMade({ name: r.name, key: r.key, group: r.group });
      form.reset();
    });
  };
  const revoke = (k: Key) =>
    void act(() =>
      api('DELETE', '/v1/console/organizations/{org}/enrollment-keys/{id}', {
        params: { org: org.id, id: k.id },
      }),
    );

  if (org.role !== 'admin') return <p>{t('enrollment.adminsOnly')}</p>;
  if (!keys) return <p>{t('app.loading')}</p>;
  return (
    <>
      <h2>{t('enrollment.title')}</h2>
      <p>{t('enrollment.intro')}</p>
      {made ? (
        <NewEnrollmentKey made={made} onDone={() => setMade(null)} />
      ) : (
        <form onSubmit={create} className="card">
          <h3>{t('enrollment.create')}</h3>
          <label>
            {t('enrollment.name')}
            <span className="field-hint">{t('enrollment.nameHint')}</span>
            <input name="name" required maxLength={100} />
          </label>
          <label>
            {t('enrollment.group')}
            <span className="field-hint">{t('enrollment.groupHint')}</span>
            <input name="group" maxLength={100} />
          </label>
          <label>
            {t('enrollment.expiry')}
            <span className="field-hint">{t('enrollment.expiryHint')}</span>
            <input name="expiresAt" type="date" />
          </label>
          <label>
            {t('enrollment.maxUses')}
            <span className="field-hint">{t('enrollment.maxUsesHint')}</span>
            <input name="maxUses" type="number" min={1} max={10_000_000} step={1} inputMode="numeric" />
          </label>
          <button type="submit" className="primary">
            {t('enrollment.submit')}
          </button>
        </form>
      )}
      <ErrorText code={error} />
      <h3>{t('enrollment.list')}</h3>
      {keys.length === 0 ? (
        <p>{t('enrollment.none')}</p>
      ) : (
        <ul className="cards">
          {keys.map((k) => (
            <li key={k.id} className="card">
              <h4>
                {k.name} <small className="meta">· {t(`enrollment.state.${k.state}`)}</small>
              </h4>
              <p className="meta">
                {t('enrollment.keyEnding', { hint: k.hint })}
                {k.group && <> · {t('enrollment.groupIs', { group: k.group })}</>}
              </p>
              <p>
                {k.maxUses === null
                  ? t('enrollment.uses', { uses: k.uses })
                  : t('enrollment.usesOf', { uses: k.uses, max: k.maxUses })}
                {' · '}
                {k.expiresAt
                  ? t('enrollment.expires', { date: formatDate(k.expiresAt, true) })
                  : t('enrollment.noExpiry')}
              </p>
              <p className="meta">
                {t('enrollment.createdBy', { who: k.createdBy ?? '—', date: formatDate(k.createdAt) })}
                {' · '}
                {k.lastUsedAt
                  ? t('enrollment.lastUsed', { date: formatDate(k.lastUsedAt, true) })
                  : t('enrollment.neverUsed')}
                {k.revokedAt && <> · {t('enrollment.revoked', { date: formatDate(k.revokedAt, true) })}</>}
              </p>
              {!k.revokedAt && (
                <p className="actions">
                  <ConfirmDialog
                    trigger={t('enrollment.revoke')}
                    title={t('dialogs.revokeKey.title', { name: k.name })}
                    message={t('enrollment.confirmRevoke', { name: k.name })}
                    confirmLabel={t('dialogs.revokeKey.confirm')}
                    destructive
                    onConfirm={() => revoke(k)}
                  />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
