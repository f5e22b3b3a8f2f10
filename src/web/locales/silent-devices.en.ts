/** Silent devices on the device card: when a device's seat frees unless it checks in, and Keep. */
export const silentDevicesEn = {
  notice_one: 'Last seen {{ago}} — its seat frees on {{date}} unless it checks in.',
  notice_other: 'Last seen {{ago}} — its seats free on {{date}} unless it checks in.',
  products: 'Used for: {{products}}',
  keep: 'Keep this device',
  keeping: 'Keeping…',
  kept: '{{device}} keeps its seat.',
};

export type SilentDevicesMessages = typeof silentDevicesEn;
