import type { EnrollmentMessages } from './enrollment.en.ts';

/** Konsollens tilmeldingsnøgler, på dansk. */
export const enrollmentDa: EnrollmentMessages = {
  title: 'Tilmeldingsnøgler',
  intro:
    'Med en tilmeldingsnøgle kan mange enheder blive en del af organisationen som administrerede enheder uden en kode til hver: giv nøglen til appen, når den installeres. Alle, der har nøglen, kan tilmelde en enhed, så pas på den som på en adgangskode, og tilbagekald den, når udrulningen er færdig.',
  create: 'Opret en tilmeldingsnøgle',
  name: 'Navn',
  nameHint: 'Hvad nøglen skal bruges til, f.eks. »Kasser i butikken, forårets udrulning«.',
  group: 'Gruppe (valgfri)',
  groupHint: 'Enheder, der tilmelder sig med nøglen, kommer i denne gruppe.',
  expiry: 'Udløber (valgfri)',
  expiryHint: 'Nøglen holder op med at virke ved udgangen af denne dag.',
  maxUses: 'Højst antal enheder (valgfri)',
  maxUsesHint: 'Hvor mange enheder der må tilmelde sig med nøglen.',
  submit: 'Opret nøgle',
  made: 'Nøglen »{{name}}« er klar',
  shownOnce: 'Nøglen vises kun denne ene gang. Kopiér den nu, og gem den et sikkert sted.',
  key: 'Tilmeldingsnøgle',
  copy: 'Kopiér',
  copied: 'Kopieret',
  copyFailed: 'Kopiering virker ikke her: markér teksten, og kopiér den selv.',
  commandTitle: 'Tilmeld med agenten',
  commandHint:
    'Kør dette på hver enhed (skift navnet ud). Nøglen kan bruges igen og igen, indtil grænsen er nået, eller den udløber.',
  configTitle: 'Tilmeld med installationsprogrammet',
  configHint:
    'Hent denne fil, og læg den i samme mappe som installationsprogrammet, før du kører det. Installationsprogrammet læser serveren og nøglen fra filen; agenten læser den med --enrollment-config.',
  download: 'Hent seatpost-enrollment.json',
  done: 'Færdig: jeg har kopieret nøglen',
  none: 'Der er ingen tilmeldingsnøgler endnu.',
  list: 'Nøgler',
  uses: 'Brugt af {{uses}} enheder',
  usesOf: 'Brugt af {{uses}} af {{max}} enheder',
  expires: 'Udløber {{date}}',
  noExpiry: 'Udløber aldrig',
  createdBy: 'Oprettet af {{who}} den {{date}}',
  lastUsed: 'Sidst brugt {{date}}',
  neverUsed: 'Ikke brugt endnu',
  keyEnding: 'Nøgle, der slutter på {{hint}}',
  groupIs: 'Gruppe: {{group}}',
  revoke: 'Tilbagekald',
  confirmRevoke:
    'Vil du tilbagekalde nøglen »{{name}}«? Der kan ikke tilmeldes flere enheder med den. Enheder, der allerede er tilmeldt, bliver.',
  revoked: 'Tilbagekaldt {{date}}',
  state: { active: 'Aktiv', revoked: 'Tilbagekaldt', expired: 'Udløbet', used_up: 'Opbrugt' },
  adminsOnly: 'Kun administratorer kan håndtere tilmeldingsnøgler.',
};
