import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  keepOrganizationDevice,
  organizationSilentDevices,
} from '../../app/devices/keep-organization-device.ts';
import { organizationLookAlikes } from '../../app/devices/organization-look-alikes.ts';
import { problems } from '../route-kit.ts';
import { Kept, SilentDevice } from '../seat-life.schemas.ts';
import { actor, Org, OrgAndId, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';

const Timestamp = Type.String({ format: 'date-time' });

const SilentManagedDevice = Type.Object(
  { ...SilentDevice.properties, name: Type.String() },
  { description: 'a silent managed device of the organization' },
);

const LookAlikeDevice = Type.Object({
  id: Type.String(),
  name: Type.String(),
  platform: Type.String(),
  connectedAt: Timestamp,
  lastSeenAt: Timestamp,
});

/** One group of look-alikes: `keep` is the newer connection, the one a merge keeps. */
const LookAlikes = Type.Object({
  hardwareId: Type.String(),
  keep: LookAlikeDevice,
  duplicates: Type.Array(LookAlikeDevice, { description: 'the older connections, newest first' }),
});

/**
 * What the console's devices page says about the life of managed devices' seats (issue 15), for
 * the organization's admins: silent devices with Keep (audited), and devices that look alike.
 */
export function consoleDeviceNoticeRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/console/organizations/:org/silent-devices',
      {
        schema: {
          tags,
          description:
            "The organization's managed devices silent long enough that their seats free on a date unless they check in. Admins only.",
          params: Org,
          response: {
            200: Type.Object({ devices: Type.Array(SilentManagedDevice) }),
            ...problems(401, 403, 404),
          },
        },
      },
      async (req) => ({ devices: await organizationSilentDevices(deps, actor(req, req.params.org)) }),
    );

    app.post(
      '/v1/console/organizations/:org/devices/:id/keep',
      {
        schema: {
          tags,
          description:
            '"Keep this device" for a managed device: its silence starts again now, as a check-in would start it; its "last seen" stays the last check-in. Admins only; audited.',
          params: OrgAndId,
          response: {
            200: Kept,
            ...problems(401, 403, 404),
          },
        },
      },
      async (req) => keepOrganizationDevice(deps, actor(req, req.params.org), req.ip, req.params.id),
    );

    app.get(
      '/v1/console/organizations/:org/look-alike-devices',
      {
        schema: {
          tags,
          description:
            'The organization\'s managed devices that report the same hardware hint: "these look like the same device", to merge with POST …/devices/{id}/merge. Admins only.',
          params: Org,
          response: {
            200: Type.Object({ lookAlikes: Type.Array(LookAlikes) }),
            ...problems(401, 403, 404),
          },
        },
      },
      async (req) => ({ lookAlikes: await organizationLookAlikes(deps, actor(req, req.params.org)) }),
    );
  };
}
