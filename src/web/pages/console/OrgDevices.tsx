import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode, href, isFinal } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';
import { ConsoleLostDevice } from '../../components/ConsoleLostDevice.tsx';
import { ConsoleRevoke } from '../../components/ConsoleRevoke.tsx';
import { appName } from '../../components/DeviceFacts.tsx';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog.tsx';
import { TextFieldDialog } from '../../components/ui/TextFieldDialog.tsx';
import { AddDeviceDialog } from './AddDeviceDialog.tsx';
import { useLiveDeliveries } from '../../live.ts';
import { DeviceToolbar } from './DeviceToolbar.tsx';
import { useOrganizationAppNames } from './app-names.ts';
import { ConsoleDeviceNotices } from './ConsoleDeviceNotices.tsx';
import type { DeviceQuery } from './device-pages.ts';
import { useDevicePages, useSettled } from './device-pages.ts';
import { PlatformName } from '../../components/Platform.tsx';
import type { Org } from './organization.ts';

/** The longest device name or group the server accepts (PATCH …/devices/{id}). */
const NAME_MAX = 100;

/** The organization's managed devices: enrol new ones; rename, group and remove them (admins). */
export function OrgDevices({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState<DeviceQuery>({ name: '', sort: 'name', order: 'asc' });
  const settled = useSettled(query);
  const { devices, more, reload, failed } = useDevicePages(org.id, settled);
  const params = { org: org.id };
  const appNames = useOrganizationAppNames(org.id);
  // A device enrolled or removed (`refresh`), or a subscription now in use on one (a final status).
  useLiveDeliveries(
    href('/v1/console/organizations/{org}/events', { params }),
    (d) => {
      if (isFinal(d.status)) reload();
    },
    reload,
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
  const update = (id: string, body: { name?: string; group?: string | null }) =>
    act(() =>
      api('PATCH', '/v1/console/organizations/{org}/devices/{id}', { params: { org: org.id, id }, body }),
    );

  if (!devices) return failed ? <ErrorText code="generic" /> : <p>{t('app.loading')}</p>;
  return (
    <>
      {org.role === 'admin' && (
        <p className="actions">
          <AddDeviceDialog org={org.id} />
        </p>
      )}
      <ErrorText code={error} />
      <ConsoleDeviceNotices org={org} refreshKey={devices} onChange={reload} />
      <DeviceToolbar query={query} onChange={setQuery} shown={devices.length} />
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('console.device')}</th>
            <th scope="col">{t('devices.platform')}</th>
            <th scope="col">{t('devices.apps')}</th>
            <th scope="col">{t('devices.current')}</th>
            <th scope="col">{t('console.group')}</th>
            <th scope="col">{t('devices.lastSeen', { date: '' })}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <td>
                {d.name}
                {org.role === 'admin' && (
                  <span className="actions">
                    <TextFieldDialog
                      trigger={t('devices.rename')}
                      title={t('dialogs.rename.title', { device: d.name })}
                      label={t('dialogs.rename.label')}
                      initialValue={d.name}
                      maxLength={NAME_MAX}
                      onSave={(name) => void update(d.id, { name })}
                    />
                    <TextFieldDialog
                      trigger={t('console.group')}
                      title={t('dialogs.group.title', { device: d.name })}
                      label={t('dialogs.group.label')}
                      description={t('dialogs.group.description')}
                      initialValue={d.group ?? ''}
                      required={false}
                      maxLength={NAME_MAX}
                      onSave={(group) => void update(d.id, { group: group || null })}
                    />
                    <ConfirmDialog
                      trigger={t('console.remove')}
                      title={t('dialogs.remove.title', { device: d.name })}
                      message={t('console.confirmRemove', { device: d.name })}
                      confirmLabel={t('dialogs.remove.confirm')}
                      destructive
                      onConfirm={() =>
                        void act(() =>
                          api('DELETE', '/v1/console/organizations/{org}/devices/{id}', {
                            params: { org: org.id, id: d.id },
                          }),
                        )
                      }
                    />
                    <ConsoleLostDevice org={org.id} device={d} onDone={reload} />
                    <ConsoleRevoke org={org.id} device={d} onDone={reload} />
                  </span>
                )}
              </td>
              <td>
                <PlatformName platform={d.platform} />
              </td>
              <td>{d.apps.map((a) => `${appName(a.app, d, appNames)} ${a.version}`).join(', ')}</td>
              <td>{d.current.map((c) => c.productName).join(', ') || t('devices.noCurrent')}</td>
              <td>{d.group ?? t('console.noGroup')}</td>
              <td>
                <RelativeTime iso={d.lastSeenAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {devices.length === 0 && <p>{t('consoleFleet.noDevices')}</p>}
      {more && (
        <p className="actions">
          <button type="button" onClick={() => void more()}>
            {t('consoleFleet.loadMore')}
          </button>
        </p>
      )}
    </>
  );
}
