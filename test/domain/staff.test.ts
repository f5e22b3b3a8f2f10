import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STAFF_ACTIONS, STAFF_ROLES, staffMay } from '../../src/domain/staff.ts';

/** Which role may take which action: one row per action and role. */
const MAY: Record<(typeof STAFF_ACTIONS)[number], Record<(typeof STAFF_ROLES)[number], boolean>> = {
  'download_link.resend': { support: true, admin: true },
  'invitation.resend': { support: true, admin: true },
  'seat.free': { support: true, admin: true },
  'subscription.reinstate': { support: false, admin: true },
  'organization.add_admin': { support: false, admin: true },
};

for (const action of STAFF_ACTIONS)
  for (const role of STAFF_ROLES)
    test(`${role} ${MAY[action][role] ? 'may' : 'may not'} ${action}`, () => {
      assert.equal(staffMay(role, action), MAY[action][role]);
    });
