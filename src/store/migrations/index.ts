import type { Migration } from 'kysely/migration';
import * as core from './0001-core.ts';
import * as organizations from './0003-organizations.ts';
import * as scaleOut from './0004-scale-out.ts';
import * as mailOutbox from './0005-mail-outbox.ts';
import * as downloadLinks from './0006-download-links.ts';
import * as fleetListing from './0007-fleet-listing.ts';
import * as mailSender from './0008-mail-sender.ts';
import * as tokenLookup from './0009-token-lookup.ts';
import * as healthProbe from './0010-health-probe.ts';
import * as webhooks from './0011-webhooks.ts';
import * as licenceKeys from './0012-licence-keys.ts';
import * as activationEnd from './0013-activation-end.ts';
import * as deviceKeys from './0014-device-keys.ts';
import * as seatPlans from './0015-seat-plans.ts';
import * as silentDevices from './0016-silent-devices.ts';
import * as enrollmentKeys from './0017-enrollment-keys.ts';
import * as deviceAuthorizations from './0018-device-authorizations.ts';
import * as consoleFleet from './0019-console-fleet.ts';
import * as supportReferences from './0020-support-references.ts';
import * as ownerClaims from './0021-owner-claims.ts';
import * as staff from './0022-staff.ts';
import * as compactTokenLookup from './0023-compact-token-lookup.ts';

/**
 * Every migration, by name; names sort in the order they run. Add new ones at the end with the
 * next number. One set for both engines: differences go through `columnTypes()`.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-core': core,
  '0003-organizations': organizations,
  '0004-scale-out': scaleOut,
  '0005-mail-outbox': mailOutbox,
  '0006-download-links': downloadLinks,
  '0007-fleet-listing': fleetListing,
  '0008-mail-sender': mailSender,
  '0009-token-lookup': tokenLookup,
  '0010-health-probe': healthProbe,
  '0011-webhooks': webhooks,
  '0012-licence-keys': licenceKeys,
  '0013-activation-end': activationEnd,
  '0014-device-keys': deviceKeys,
  '0015-seat-plans': seatPlans,
  '0016-silent-devices': silentDevices,
  '0017-enrollment-keys': enrollmentKeys,
  '0018-device-authorizations': deviceAuthorizations,
  '0019-console-fleet': consoleFleet,
  '0020-support-references': supportReferences,
  '0021-owner-claims': ownerClaims,
  '0022-staff': staff,
  '0023-compact-token-lookup': compactTokenLookup,
};
