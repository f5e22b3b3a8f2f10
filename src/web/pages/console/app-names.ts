import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import type { AppNames } from '../../components/DeviceFacts.tsx';
import { appNamesFrom } from '../../components/DeviceFacts.tsx';

/**
 * The product names of the apps the organization's devices report ("seatpost-security" →
 * "Seatpost Small Office Security"), from its subscriptions; read beside the devices' page, not
 * after it. Until it arrives (or if it fails) the names fall back to the devices' own.
 */
export function useOrganizationAppNames(org: string): AppNames {
  const [names, setNames] = useState<AppNames>(new Map());
  useEffect(() => {
    let live = true;
    api('GET', '/v1/console/organizations/{org}/subscriptions', { params: { org } }).then(
      (r) => live && setNames(appNamesFrom(r.subscriptions)),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [org]);
  return names;
}
