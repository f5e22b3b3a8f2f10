import { useCallback } from 'react';
import type { TFunction } from 'i18next';
import type { Schemas, SendResult } from '../../api.ts';
import { api } from '../../api.ts';
import { WaitingReserve } from '../../components/SeatPlans.tsx';
import { formatDate } from '../../i18n.ts';
import '../../styles/console-reserve.css';

/**
 * A reserve waiting on a managed device, in the subscription's row: when it starts, and Undo
 * reserve for admins through the console's own route (audited; it tells the organization's other
 * open consoles to read the page again). Members see the waiting reserve without the button.
 */
export function ConsoleWaitingReserve({
  org,
  reserve,
  device,
  admin,
  onUndone,
}: {
  org: string;
  reserve: Schemas['Reserve'];
  device: string;
  admin: boolean;
  onUndone: (said: string) => void;
}) {
  const undo = useCallback(
    (id: string) =>
      api('POST', '/v1/console/organizations/{org}/reserves/{id}/undo', { params: { org, id } }),
    [org],
  );
  return (
    <WaitingReserve
      reserve={reserve}
      device={device}
      undoReserve={undo}
      canUndo={admin}
      onChange={onUndone}
    />
  );
}

/**
 * What a remedy's send says when it made a reserve ("Waiting on … as a reserve. It starts on …"),
 * instead of counting it as a refusal; undefined when none of the results is a reserve.
 */
export function reserveNote(t: TFunction, results: SendResult[], nameOf: (deviceId: string) => string) {
  const made = results.flatMap((r) => ('reserve' in r && r.reserve ? [r.reserve] : []));
  if (made.length === 0) return undefined;
  return made
    .map((r) =>
      r.startsAt
        ? t('seatLife.reserve.sent', { device: nameOf(r.deviceId), date: formatDate(r.startsAt) })
        : t('seatLife.reserve.sentLater', { device: nameOf(r.deviceId) }),
    )
    .join(' ');
}
