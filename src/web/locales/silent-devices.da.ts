import type { SilentDevicesMessages } from './silent-devices.en.ts';

/** Tavse enheder på enhedens kort, på dansk. */
export const silentDevicesDa: SilentDevicesMessages = {
  notice_one: 'Sidst set {{ago}} — dens plads bliver ledig den {{date}}, medmindre den melder sig.',
  notice_other: 'Sidst set {{ago}} — dens pladser bliver ledige den {{date}}, medmindre den melder sig.',
  products: 'Bruges til: {{products}}',
  keep: 'Behold denne enhed',
  keeping: 'Beholder…',
  kept: '{{device}} beholder sin plads.',
};
