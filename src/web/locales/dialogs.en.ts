/** The console's dialogs (issue 19): confirmations, rename and group, and adding a device. */
export const dialogsEn = {
  cancel: 'Cancel',
  save: 'Save',
  done: 'Done',
  required: 'This field cannot be empty.',
  tooLong_one: 'Use at most {{count}} character.',
  tooLong_other: 'Use at most {{count}} characters.',
  copyFailed: 'Copying did not work here: select the text and copy it yourself.',
  copied: 'Copied',
  date: {
    open: 'Choose from a calendar',
    previous: 'Previous month',
    next: 'Next month',
  },
  rename: {
    title: 'Rename {{device}}',
    label: 'New name',
  },
  group: {
    title: 'Group for {{device}}',
    label: 'Group',
    description:
      'Devices in the same group can be filtered and selected together. Leave the field empty for no group.',
  },
  remove: {
    title: 'Remove {{device}}',
    confirm: 'Remove device',
  },
  lost: {
    title: 'Lost or stolen: {{device}}',
  },
  revoke: {
    title: 'Remove {{product}} from {{device}}',
  },
  revokeKey: {
    title: 'Revoke the key “{{name}}”',
    confirm: 'Revoke key',
  },
  addDevice: {
    intro:
      'Install the app on the device, open it and enter this code when it asks. The device then joins the organization as a managed device.',
    getting: 'Getting a code…',
    code: 'Connect code',
    once_one: 'The code can be used once and expires in {{count}} minute.',
    once_other: 'The code can be used once and expires in {{count}} minutes.',
    validUntil: 'Valid until {{time}}',
    expired: 'The code has expired.',
    newCode: 'Get a new code',
    copyCode: 'Copy code',
    demo: 'Trying the demo? Run this command to connect a demo device:',
    copyCommand: 'Copy command',
  },
};

export type DialogsMessages = typeof dialogsEn;
