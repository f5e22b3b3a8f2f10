import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InPlaceQuestion } from '../../components/ui/InPlaceQuestion.tsx';
import type { Answer } from '../../api.ts';
import { api, errorCode } from '../../api.ts';
import { useConfirmStep } from '../../components/confirm-step.ts';
import { SeatLifeError } from '../../components/SeatLifeError.tsx';
import { formatDate } from '../../i18n.ts';
import '../../styles/seat-life.css';

type LookAlike = Answer<'GET', '/v1/console/organizations/{org}/look-alike-devices'>['lookAlikes'][number];

/**
 * "These look like the same device — merge them?" for the organization's managed devices that
 * report the same hardware hint, each group confirmed in place before the merge (which keeps the
 * newer connection, moves the subscriptions to it and frees the other's seat; audited).
 */
export function ConsoleLookAlikes({
  org,
  refreshKey,
  onMerged,
}: {
  org: string;
  refreshKey: unknown;
  onMerged: () => void;
}) {
  const [groups, setGroups] = useState<LookAlike[]>([]);
  useEffect(() => {
    let live = true;
    api('GET', '/v1/console/organizations/{org}/look-alike-devices', { params: { org } }).then(
      (r) => live && setGroups(r.lookAlikes),
      () => live && setGroups([]),
    );
    return () => {
      live = false;
    };
  }, [org, refreshKey]);
  return (
    <>
      {groups.map((g) => (
        <MergeOffer key={g.keep.id} org={org} group={g} onMerged={onMerged} />
      ))}
    </>
  );
}

function MergeOffer({ org, group, onMerged }: { org: string; group: LookAlike; onMerged: () => void }) {
  const { t } = useTranslation();
  const { confirming, button, confirm, cancel } = useConfirmStep();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keep = group.keep.name;
  const duplicates = group.duplicates
    .map((d) => d.name)
    .reduce((list, name) => (list ? t('seatLife.merge.and', { first: list, second: name }) : name), '');
  const merge = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const d of group.duplicates)
        await api('POST', '/v1/console/organizations/{org}/devices/{id}/merge', {
          params: { org, id: group.keep.id },
          body: { duplicateId: d.id },
        });
      setDone(true);
      onMerged();
    } catch (err) {
      setError(errorCode(err));
      setBusy(false);
    }
  };
  if (done)
    return (
      <p className="card" role="status">
        {t('seatLife.merge.merged', { device: keep })}
      </p>
    );
  const heading = `merge-${group.keep.id}`;
  return (
    <section className="card merge-suggestion" aria-labelledby={heading} data-look-alike={group.hardwareId}>
      <h2 id={heading}>{t('seatLife.merge.heading')}</h2>
      <p>{t('seatLife.merge.suggestion', { keep, duplicates })}</p>
      <ul className="meta">
        {[group.keep, ...group.duplicates].map((d) => (
          <li key={d.id}>
            {t('consoleSeatLife.merge.connected', { device: d.name, date: formatDate(d.connectedAt, true) })}
          </li>
        ))}
      </ul>
      <p className="meta">{t('seatLife.merge.explain', { keep })}</p>
      {confirming ? (
        <InPlaceQuestion
          question={t('consoleSeatLife.merge.confirm', { keep, duplicates })}
          confirmLabel={t('consoleSeatLife.merge.confirmButton')}
          cancelLabel={t('consoleSeatLife.merge.cancel')}
          busy={busy}
          onConfirm={merge}
          onCancel={cancel}
        />
      ) : (
        <p className="actions">
          <button type="button" ref={button} onClick={confirm}>
            {t('consoleSeatLife.merge.action')}
          </button>
        </p>
      )}
      <SeatLifeError code={error} />
    </section>
  );
}
