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
};
