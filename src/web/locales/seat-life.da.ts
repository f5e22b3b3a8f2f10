import type { SeatLifeMessages } from './seat-life.en.ts';

/** En plads' liv i portalen og konsollen, på dansk. */
export const seatLifeDa: SeatLifeMessages = {
  lost: {
    action: 'Mistet eller stjålet…',
    confirm:
      'Vil du melde {{device}} mistet eller stjålet? Abonnementerne på den ophører med det samme, og pladserne bliver ledige; appen på den holder op med at virke. Prøver den at melde sig senere, bliver den afvist, og du kan se det her.',
    confirmButton: 'Ja, meld den mistet',
    cancel: 'Annullér',
    reported: '{{device}} er meldt mistet eller stjålet. Pladserne er ledige.',
    heading: 'Mistede eller stjålne enheder',
    lostOn: 'Meldt mistet den {{date}}',
    tried: 'Prøvede at melde sig den {{date}} fra {{address}}',
    triedNoAddress: 'Prøvede at melde sig den {{date}}',
    attempts_one: '{{count}} afvist forsøg',
    attempts_other: '{{count}} afviste forsøg',
    quiet: 'Den har ikke prøvet at melde sig siden.',
  },
  merge: {
    heading: 'Disse ligner den samme enhed',
    suggestion: '{{keep}} og {{duplicates}} ligner den samme enhed — vil du lægge dem sammen?',
    explain:
      'Sammenlægningen beholder {{keep}}, den nyeste forbindelse, flytter abonnementerne over på den og gør den andens plads ledig.',
    action: 'Læg sammen',
    merged: 'Enhederne er lagt sammen i {{device}}.',
    and: '{{first}} og {{second}}',
  },
  history: {
    title: 'Pladshistorik',
    intro: 'Hvem havde hver plads, fra hvornår til hvornår, og hvorfor det sluttede.',
    device: 'Enhed',
    from: 'Fra',
    to: 'Til',
    why: 'Hvorfor det sluttede',
    held: 'Bruges stadig',
    none: 'Ingen enhed har brugt dette abonnement endnu.',
    csv: 'Download som CSV',
    endedBecause: {
      revoked: 'Fjernet fra enheden',
      replaced: 'Erstattet af en anden enhed',
      lost: 'Mistet eller stjålet',
      inactive: 'Enheden meldte sig ikke i for lang tid',
      expired: 'Abonnementet udløb',
      disconnected: 'Enheden blev fjernet',
      subscription_ended: 'Abonnementet ophørte',
      superseded: 'Et andet abonnement tog dets plads',
    },
  },
  console: {
    lost: 'Mistet eller stjålet',
    confirm:
      'Vil du melde {{device}} mistet eller stjålet? Abonnementerne på den ophører med det samme, og pladserne bliver ledige; appen på den holder op med at virke, og senere forsøg på at melde sig bliver afvist.',
    reported: '{{device}} er meldt mistet eller stjålet.',
  },
  revoke: {
    action: 'Fjern {{product}}',
    confirm:
      'Vil du fjerne {{product}} fra {{device}}? Pladsen bliver ledig med det samme; enheden forbliver tilsluttet, og du kan sende abonnementet igen senere.',
    confirmButton: 'Ja, fjern det',
    cancel: 'Annullér',
    done: '{{product}} er fjernet fra {{device}}. Pladsen er ledig.',
  },
  reserve: {
    startsOn: 'Starter den {{date}}',
    startsLater: 'Starter, når det nuværende abonnement udløber',
    waiting: 'Venter som reserve',
    undo: 'Fortryd reserve',
    undone: 'Reserven på {{device}} er fortrudt.',
    sent: 'Venter på {{device}} som reserve. Den starter den {{date}}.',
    sentLater: 'Venter på {{device}} som reserve. Den starter, når det nuværende abonnement udløber.',
  },
  remedy: {
    label: 'Det kan du gøre',
    replace: 'Erstat {{device}}',
    lastSeen: 'sidst set {{date}}',
    reserve: 'Send som reserve',
    reserveHint: 'Den starter af sig selv den {{date}}, når det nuværende abonnement udløber.',
    downloadLink: 'Send et downloadlink',
    updateApp: 'Opdatér appen',
    updateAppHint: 'Version {{version}} til {{platform}}',
    connect: 'Tilslut',
    replacing:
      'Sendt til {{device}}. Den overtager pladsen fra {{old}}, når den er modtaget; indtil da virker {{old}} som før.',
  },
  errors: {
    NOT_ACTIVE_ON_DEVICE: 'Abonnementet er ikke længere i brug på den enhed.',
    REPLACES_NOT_A_SEAT_HOLDER: 'Den enhed har ikke længere en plads i abonnementet. Tjek igen.',
    REPLACE_ALREADY_PENDING:
      'En anden enhed er allerede på vej til at overtage pladsen. Fortryd den afsendelse først.',
    RESERVE_ALREADY_WAITING: 'Der venter allerede en reserve på enheden. Fortryd den først.',
    RESERVE_FINAL: 'Reserven er allerede startet eller afsluttet.',
    DEVICE_ALREADY_LOST: 'Enheden er allerede meldt mistet.',
    MERGE_SAME_DEVICE: 'En enhed kan ikke lægges sammen med sig selv.',
    NOT_FOUND: 'Enheden er her ikke længere. Genindlæs siden.',
  },
};
