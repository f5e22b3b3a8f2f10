import type { DialogsMessages } from './dialogs.en.ts';

/** Konsollens dialoger, på dansk. */
export const dialogsDa: DialogsMessages = {
  cancel: 'Annullér',
  save: 'Gem',
  done: 'Færdig',
  required: 'Feltet må ikke være tomt.',
  tooLong_one: 'Brug højst {{count}} tegn.',
  tooLong_other: 'Brug højst {{count}} tegn.',
  copyFailed: 'Kopiering virker ikke her: markér teksten, og kopiér den selv.',
  copied: 'Kopieret',
  date: {
    open: 'Vælg i en kalender',
    previous: 'Forrige måned',
    next: 'Næste måned',
  },
  rename: {
    title: 'Omdøb {{device}}',
    label: 'Nyt navn',
  },
  group: {
    title: 'Gruppe for {{device}}',
    label: 'Gruppe',
    description:
      'Enheder i samme gruppe kan filtreres og vælges samlet. Lad feltet stå tomt, hvis enheden ikke skal være i en gruppe.',
  },
  remove: {
    title: 'Fjern {{device}}',
    confirm: 'Fjern enhed',
  },
  lost: {
    title: 'Mistet eller stjålet: {{device}}',
  },
  revoke: {
    title: 'Fjern {{product}} fra {{device}}',
  },
  revokeKey: {
    title: 'Tilbagekald nøglen »{{name}}«',
    confirm: 'Tilbagekald nøglen',
  },
  addDevice: {
    intro:
      'Installér appen på enheden, åbn den, og indtast koden, når den beder om det. Så bliver enheden en del af organisationen som administreret enhed.',
    getting: 'Henter en kode…',
    code: 'Tilslutningskode',
    once_one: 'Koden kan bruges én gang og udløber om {{count}} minut.',
    once_other: 'Koden kan bruges én gang og udløber om {{count}} minutter.',
    validUntil: 'Gyldig indtil {{time}}',
    expired: 'Koden er udløbet.',
    newCode: 'Hent en ny kode',
    copyCode: 'Kopiér koden',
    demo: 'Prøver du demoen? Kør denne kommando for at tilslutte en demoenhed:',
    copyCommand: 'Kopiér kommandoen',
  },
};
