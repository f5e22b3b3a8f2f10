import type { SupportMessages } from './support.en.ts';

/** Hjælp og kundeservice, på dansk. */
export const supportDa: SupportMessages = {
  help: 'Hjælp',
  helpTitle: 'Hjælp',
  close: 'Luk',
  contact: 'Kontakt kundeservice',
  intro: 'Har du spørgsmål om dine abonnementer eller enheder? Kundeservice hjælper gerne.',
  writeTo: 'Skriv til {{address}}',
  openPage: 'Gå til kundeservice',
  getReference: 'Få en reference',
  gettingReference: 'Henter en reference…',
  referenceWhy:
    'Oplys din reference, når du kontakter os, så vi straks kan finde din konto, dit abonnement og din enhed.',
  yourReference: 'Din reference',
  validUntil: 'Gælder indtil {{date}}.',
  copy: 'Kopiér',
  copied: 'Kopieret',
  signInForReference: 'Log ind for at få en reference, du kan oplyse.',
  subject: 'Seatpost: {{ref}}',
  body: 'Hej\n\nMin reference er {{ref}}.\n\n',
};
