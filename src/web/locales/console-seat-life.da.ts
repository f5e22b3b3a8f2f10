import type { ConsoleSeatLifeMessages } from './console-seat-life.en.ts';

/** En administreret enheds plads i konsollen, på dansk. */
export const consoleSeatLifeDa: ConsoleSeatLifeMessages = {
  silent: {
    heading: 'Tavse enheder',
    intro: 'Disse enheder har ikke meldt sig i lang tid. Behold dem, der stadig bruges.',
    keep: 'Behold {{device}}',
  },
  merge: {
    action: 'Læg sammen…',
    confirm:
      'Vil du lægge {{duplicates}} sammen med {{keep}}? Abonnementerne flyttes til {{keep}}, den anden forsvinder fra listen over enheder, og dens plads bliver ledig.',
    confirmButton: 'Ja, læg dem sammen',
    cancel: 'Annullér',
    connected: '{{device}}: tilsluttet {{date}}',
  },
};
