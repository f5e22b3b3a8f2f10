import { useMemo } from 'react';
import type { Eligibility, SendResult } from '../../api.ts';
import { api } from '../../api.ts';
import type { RemedyActions } from '../../components/Remedies.tsx';
import { RemedyButtons } from '../../components/Remedies.tsx';

/**
 * The pre-flight's one-click fixes beside a managed device's refusal, made through the console's
 * own send (so they are the organization's, for its admins, and audited): Replace … and Send as
 * reserve; Connect leads to the devices tab, where a device is added. The console sends no
 * download links and serves no installers, so those remedies are not offered here.
 */
export function ConsoleRemedies({
  org,
  subscriptionId,
  device,
  onSent,
}: {
  org: string;
  subscriptionId: string;
  device: Eligibility['devices'][number];
  onSent: (results: SendResult[], note?: string) => void;
}) {
  const actions = useMemo<RemedyActions>(
    () => ({
      send: async (body) =>
        (
          await api('POST', '/v1/console/organizations/{org}/subscriptions/{id}/deliveries', {
            params: { org, id: subscriptionId },
            body,
          })
        ).results,
      connectTo: `/console/${encodeURIComponent(org)}/devices`,
    }),
    [org, subscriptionId],
  );
  return <RemedyButtons device={device} actions={actions} onSent={onSent} />;
}
