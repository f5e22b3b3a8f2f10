import type { DeviceFlowMessages } from './device-flow.en.ts';

/** Siden ved bekræftelsesadressen (RFC 8628): tilslut en enhed uden tastatur. */
export const deviceFlowDa: DeviceFlowMessages = {
  title: 'Tilslut en enhed',
  intro: 'Indtast koden, der vises på enheden.',
  code: 'Kode',
  codeHint: 'Otte bogstaver, f.eks. BCDF-GHJK.',
  continue: 'Fortsæt',
  asks: 'Denne enhed vil gerne tilsluttes',
  name: 'Navn',
  platform: 'Platform',
  notGiven: 'ikke oplyst',
  expires: 'Koden virker indtil {{time}}.',
  warning:
    'Godkend kun en enhed, som du selv er ved at sætte op. Godkend aldrig en kode, som en anden har givet dig.',
  into: 'Tilslut den til',
  myAccount: 'Min konto',
  organization: '{{name}} (administreret enhed)',
  approve: 'Godkend',
  deny: 'Afvis',
  approved: '{{device}} er tilsluttet. Du kan gå tilbage til enheden.',
  denied: 'Enheden blev ikke tilsluttet. Du kan lukke denne side.',
  anotherDevice: 'Tilslut en anden enhed',
  errors: {
    NOT_FOUND:
      'Koden er ikke gyldig: Den kan være forkert, brugt eller udløbet. Tjek koden på enheden, eller start forfra dér.',
    VALIDATION_FAILED: 'En kode består af otte bogstaver, f.eks. BCDF-GHJK.',
    RATE_LIMITED: 'Der er prøvet for mange koder. Vent lidt, og prøv igen.',
    FORBIDDEN: 'Kun en administrator i organisationen kan tilslutte enheder til den.',
  },
};
