/** The console's enrolment keys: making, showing once, listing, revoking. */
export const enrollmentEn = {
  title: 'Enrolment keys',
  intro:
    'An enrolment key lets many devices join this organization as managed devices without a code each: give it to the app when it is installed. Anyone who has the key can enrol a device, so keep it like a password and revoke it when the rollout is done.',
  create: 'Make an enrolment key',
  name: 'Name',
  nameHint: 'What the key is for, e.g. “Shop tills, spring rollout”.',
  group: 'Group (optional)',
  groupHint: 'Devices that enrol with the key join this group.',
  expiry: 'Expires (optional)',
  expiryHint: 'The key stops working at the end of this day.',
  maxUses: 'Use limit (optional)',
  maxUsesHint: 'How many devices may enrol with the key.',
  submit: 'Make key',
  made: 'The key “{{name}}” is ready',
  shownOnce: 'This is the only time the key is shown. Copy it now and keep it somewhere safe.',
  key: 'Enrolment key',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Copying did not work here: select the text and copy it yourself.',
  commandTitle: 'Enrol with the agent',
  commandHint:
    'Run this on each device (replace the name). The key can be used again and again, until its limit or expiry.',
  configTitle: 'Enrol with the installer',
  configHint:
    'Download this file and put it in the same folder as the installer before you run it. The installer reads the server and the key from it; the agent reads it with --enrollment-config.',
  download: 'Download seatpost-enrollment.json',
  done: 'Done: I have copied the key',
  none: 'No enrolment keys yet.',
  list: 'Keys',
  uses: 'Used by {{uses}} devices',
  usesOf: 'Used by {{uses}} of {{max}} devices',
  expires: 'Expires {{date}}',
  noExpiry: 'Never expires',
  createdBy: 'Made by {{who}} on {{date}}',
  lastUsed: 'Last used {{date}}',
  neverUsed: 'Not used yet',
  keyEnding: 'Key ending in {{hint}}',
  groupIs: 'Group: {{group}}',
  revoke: 'Revoke',
  confirmRevoke:
    'Revoke the key “{{name}}”? No more devices can enrol with it. Devices that already enrolled stay.',
  revoked: 'Revoked {{date}}',
  state: { active: 'Active', revoked: 'Revoked', expired: 'Expired', used_up: 'Used up' },
  adminsOnly: 'Only administrators manage enrolment keys.',
};

export type EnrollmentMessages = typeof enrollmentEn;
