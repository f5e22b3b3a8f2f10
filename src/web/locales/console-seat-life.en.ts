/**
 * The life of a managed device's seat in the console (issue 15): the notices above the device
 * list (silent devices with Keep, look-alikes to merge). The pre-flight's remedies use the
 * portal's words (seatLife.remedy).
 */
export const consoleSeatLifeEn = {
  silent: {
    heading: 'Silent devices',
    intro: 'These devices have not checked in for a long time. Keep the ones still in use.',
    keep: 'Keep {{device}}',
  },
  merge: {
    action: 'Merge…',
    confirm:
      'Merge {{duplicates}} into {{keep}}? The subscriptions move to {{keep}}, the other leaves the device list, and its seat is free.',
    confirmButton: 'Yes, merge them',
    cancel: 'Cancel',
    connected: '{{device}}: connected {{date}}',
  },
};

export type ConsoleSeatLifeMessages = typeof consoleSeatLifeEn;
