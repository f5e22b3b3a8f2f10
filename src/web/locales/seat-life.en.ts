import type { ActivationEndReason } from '../../domain/activation.ts';

/**
 * The life of a seat in the portal and the console (issue 15): lost or stolen, merging devices
 * that are one machine, and seat history. Helpers working on issue 15 add keys here, never remove.
 */
export const seatLifeEn = {
  lost: {
    action: 'Lost or stolen…',
    confirm:
      'Report {{device}} as lost or stolen? Its subscriptions end at once and their seats are free; the app on it stops working. If it tries to check in later, it is refused, and you see it here.',
    confirmButton: 'Yes, report it lost',
    cancel: 'Cancel',
    reported: '{{device}} is reported lost or stolen. Its seats are free.',
    heading: 'Lost or stolen devices',
    lostOn: 'Reported lost on {{date}}',
    tried: 'Tried to check in on {{date}} from {{address}}',
    triedNoAddress: 'Tried to check in on {{date}}',
    attempts_one: '{{count}} refused check-in',
    attempts_other: '{{count}} refused check-ins',
    quiet: 'It has not tried to check in since.',
  },
  merge: {
    heading: 'These look like the same device',
    suggestion: '{{keep}} and {{duplicates}} look like the same device — merge them?',
    explain:
      'Merging keeps {{keep}}, the newer connection, moves the subscriptions to it and frees the other’s seat.',
    action: 'Merge',
    merged: 'The devices are merged into {{device}}.',
    and: '{{first}} and {{second}}',
  },
  history: {
    title: 'Seat history',
    intro: 'Who held each seat, from when to when, and why it ended.',
    device: 'Device',
    from: 'From',
    to: 'To',
    why: 'Why it ended',
    held: 'Still in use',
    none: 'No device has used this subscription yet.',
    csv: 'Download as CSV',
    endedBecause: {
      revoked: 'Removed from the device',
      replaced: 'Replaced by another device',
      lost: 'Lost or stolen',
      inactive: 'The device was silent too long',
      expired: 'The subscription expired',
      disconnected: 'The device was removed',
      subscription_ended: 'The subscription ended',
      superseded: 'Another subscription took its place',
    } satisfies Record<ActivationEndReason, string>,
  },
  console: {
    lost: 'Lost or stolen',
    confirm:
      'Report {{device}} as lost or stolen? Its subscriptions end at once and their seats are free; the app on it stops working and any later check-in is refused.',
    reported: '{{device}} is reported lost or stolen.',
  },
  revoke: {
    action: 'Remove {{product}}',
    confirm:
      'Remove {{product}} from {{device}}? Its seat is free at once; the device stays connected, and you can send it again later.',
    confirmButton: 'Yes, remove it',
    cancel: 'Cancel',
    done: '{{product}} was removed from {{device}}. Its seat is free.',
  },
  reserve: {
    startsOn: 'Starts on {{date}}',
    startsLater: 'Starts when the current subscription ends',
    waiting: 'Waiting as a reserve',
    undo: 'Undo reserve',
    undone: 'The reserve on {{device}} was undone.',
    sent: 'Waiting on {{device}} as a reserve. It starts on {{date}}.',
    sentLater: 'Waiting on {{device}} as a reserve. It starts when the current subscription ends.',
  },
  remedy: {
    label: 'What you can do',
    replace: 'Replace {{device}}',
    lastSeen: 'last seen {{date}}',
    reserve: 'Send as reserve',
    reserveHint: 'It starts by itself on {{date}}, when the current subscription ends.',
    downloadLink: 'Send a download link',
    updateApp: 'Update the app',
    updateAppHint: 'Version {{version}} for {{platform}}',
    connect: 'Connect',
    replacing:
      'Sent to {{device}}. It takes over the seat of {{old}} when it arrives; until then {{old}} keeps working.',
  },
  errors: {
    NOT_ACTIVE_ON_DEVICE: 'This subscription is no longer in use on that device.',
    REPLACES_NOT_A_SEAT_HOLDER: 'That device no longer holds a seat of this subscription. Check again.',
    REPLACE_ALREADY_PENDING:
      'Another device is already on its way to take over that seat. Undo that send first.',
    RESERVE_ALREADY_WAITING: 'A reserve already waits on this device. Undo it first.',
    RESERVE_FINAL: 'The reserve has already started or ended.',
    DEVICE_ALREADY_LOST: 'This device has already been reported lost.',
    MERGE_SAME_DEVICE: 'A device cannot be merged with itself.',
    NOT_FOUND: 'This device is no longer here. Reload the page.',
  },
};

export type SeatLifeMessages = typeof seatLifeEn;
