/** The page at the verification URI (RFC 8628): connecting a device without a keyboard. */
export const deviceFlowEn = {
  title: 'Connect a device',
  intro: 'Enter the code shown on the device.',
  code: 'Code',
  codeHint: 'Eight letters, like BCDF-GHJK.',
  continue: 'Continue',
  asks: 'This device asks to connect',
  name: 'Name',
  platform: 'Platform',
  notGiven: 'not given',
  expires: 'The code works until {{time}}.',
  warning:
    'Approve only a device you are setting up yourself. Never approve a code that someone else gave you.',
  into: 'Connect it to',
  myAccount: 'My account',
  organization: '{{name}} (a managed device)',
  approve: 'Approve',
  deny: 'Deny',
  approved: '{{device}} is connected. You can go back to the device.',
  denied: 'The device was not connected. You can close this page.',
  anotherDevice: 'Connect another device',
  errors: {
    NOT_FOUND:
      'This code is not valid: it may be wrong, used or expired. Check the code on the device, or start again there.',
    VALIDATION_FAILED: 'A code is eight letters, like BCDF-GHJK.',
    RATE_LIMITED: 'Too many codes were tried. Wait a while and try again.',
    FORBIDDEN: 'Only an administrator of that organization can connect devices to it.',
  },
};

export type DeviceFlowMessages = typeof deviceFlowEn;
