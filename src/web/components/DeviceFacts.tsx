import { useTranslation } from 'react-i18next';
import type { Device, Subscription } from '../api.ts';
import { formatDate } from '../i18n.ts';
import { PlatformName } from './Platform.tsx';
import { RelativeTime } from './RelativeTime.tsx';

/** App id → the product name people know it by ("seatpost-security" → "Seatpost Security"). */
export type AppNames = ReadonlyMap<string, string>;

/**
 * The names of the apps, from the account's subscriptions: the device view's installed apps carry
 * only the app's id. Of several products for one app, a consumer product's, and the shortest
 * ("Seatpost Security" rather than "Seatpost Small Office Security").
 */
export function appNamesFrom(
  subscriptions: readonly { product: Pick<Subscription['product'], 'app' | 'name' | 'business'> }[],
): AppNames {
  const names = new Map<string, { name: string; business: boolean }>();
  for (const { product } of subscriptions) {
    const known = names.get(product.app);
    const better =
      !known ||
      (known.business && !product.business) ||
      (known.business === product.business && product.name.length < known.name.length);
    if (better) names.set(product.app, { name: product.name, business: product.business });
  }
  return new Map([...names].map(([app, n]) => [app, n.name]));
}

/** The last resort, for an app no subscription of the account names: its id made readable. */
function prettified(app: string): string {
  return app
    .split(/[-_.]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

export function appName(
  app: string,
  device: { current: readonly { app: string; productName: string }[] },
  names: AppNames,
): string {
  return names.get(app) ?? device.current.find((c) => c.app === app)?.productName ?? prettified(app);
}

/** A device card's facts, label above value on a narrow card, side by side on a wide one. */
export function DeviceFacts({ device, appNames }: { device: Device; appNames: AppNames }) {
  const { t } = useTranslation();
  return (
    <dl className="facts device-facts">
      <div>
        <dt>{t('devices.platform')}</dt>
        <dd>
          <PlatformName platform={device.platform} />
        </dd>
      </div>
      <div>
        <dt>{t('devices.apps')}</dt>
        <dd>
          {device.apps.length === 0 ? (
            '—'
          ) : (
            <ul className="plain">
              {device.apps.map((a) => (
                <li key={a.app}>
                  {appName(a.app, device, appNames)} {a.version}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('devices.current')}</dt>
        <dd>
          {device.current.length === 0 ? (
            t('devices.noCurrent')
          ) : (
            <ul className="plain">
              {device.current.map((c) => (
                <li key={c.subscriptionId}>
                  {c.productName}{' '}
                  <span className="meta">
                    {t(c.renewal === 'auto' ? 'subscriptions.renews' : 'subscriptions.expires', {
                      date: formatDate(c.expiresAt),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('devices.lastSeenLabel')}</dt>
        <dd>
          <RelativeTime iso={device.lastSeenAt} />
        </dd>
      </div>
    </dl>
  );
}
