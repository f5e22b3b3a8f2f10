import type { errorsEn } from './errors.en.ts';

/** Hver fejlkode som en sætning (en test holder listen komplet). */
export const errorsDa: Record<keyof typeof errorsEn, string> = {
  generic: 'Noget gik galt. Prøv igen, eller kontakt kundeservice.',
  network: 'Seatpost kan ikke nås. Kontrollér din forbindelse, og prøv igen.',
  ACTIVATION_CODE_NOT_FOUND: 'Intet abonnement har denne aktiveringskode. Kontrollér den for tastefejl.',
  ACTIVATION_CODE_IN_USE: 'Aktiveringskoden bruges allerede af en anden konto.',
  INVALID_CREDENTIALS: 'E-mailen eller adgangskoden er forkert.',
  EMAIL_IN_USE: 'Der findes allerede en konto med denne e-mail. Log ind i stedet.',
  PASSWORD_TOO_WEAK:
    'Adgangskoden er for nem at gætte. Brug nogle usædvanlige ord eller en længere adgangskode.',
  EMAIL_NOT_VERIFIED: 'Bekræft først din e-mailadresse: Åbn linket i den e-mail, vi har sendt dig.',
  TWO_FACTOR_INVALID: 'Koden er ikke rigtig. Tjek appen, og prøv igen.',
  LINK_INVALID: 'Linket er ikke gyldigt.',
  LINK_EXPIRED: 'Linket er udløbet.',
  INVALID_CURSOR: 'Listen er blevet ændret. Start forfra på første side.',
  LAST_ADMIN: 'En organisation skal have mindst én administrator. Gør en anden til administrator først.',
  INVITATION_INVALID:
    'Invitationen gælder ikke længere: den kan være udløbet, brugt eller trukket tilbage. Bed om en ny.',
  RATE_LIMITED: 'For mange forsøg. Vent et par minutter, og prøv igen.',
  DELIVERY_FINAL: 'Den kan ikke længere fortrydes: leveringen er allerede afsluttet.',
  VALIDATION_FAILED: 'Kontrollér det, du har indtastet, og prøv igen.',
  UNAVAILABLE: 'Seatpost er midlertidigt utilgængelig. Prøv igen om et øjeblik.',
  NO_INSTALLERS: 'Der er endnu ikke noget installationsprogram til denne app.',
  BAD_REQUEST: 'Forespørgslen kunne ikke forstås. Genindlæs siden, og prøv igen.',
  CONNECT_CODE_INVALID:
    'Koden er ikke gyldig: Den kan være udløbet eller brugt. Hent en ny kode, og prøv igen.',
  DEVICE_PROOF_INVALID:
    'Appen kunne ikke bevise, hvilken enhed den er. Geninstallér appen, eller tilslut den med en ny kode.',
  DEVICE_PROOF_REPLAYED:
    'Det forsøg på at oprette forbindelse er allerede brugt. Hent en ny kode, og prøv igen.',
  MERGE_SAME_DEVICE: 'En enhed kan ikke lægges sammen med sig selv.',
  DEVICE_TOKEN_REVOKED: 'Enheden er fjernet eller meldt mistet. Tilslut appen igen med en ny kode.',
  DEVICE_ALREADY_LOST: 'Enheden er allerede meldt mistet.',
  DEVICE_KEY_IN_USE:
    'Enheden er allerede tilsluttet. Tilslut den igen i stedet for at tilføje den én gang til.',
  ENROLLMENT_KEY_INVALID:
    'Tilmeldingsnøglen er ikke gyldig: Den kan være tilbagekaldt, udløbet eller opbrugt.',
  WEBHOOK_URL_INVALID: 'Webhook-adressen er ikke en gyldig URL.',
  WEBHOOK_URL_NOT_HTTPS: 'En webhook-adresse skal begynde med https://.',
  WEBHOOK_URL_PRIVATE: 'En webhook-adresse skal kunne nås fra internettet, ikke være en privat adresse.',
  WEBHOOK_URL_UNRESOLVABLE: 'Værtsnavnet i webhook-adressen kan ikke findes.',
  TWO_FACTOR_REQUIRED: 'Indtast koden fra din godkendelsesapp for at logge ind.',
  DOWNLOAD_LINK_EXPIRED: 'Downloadlinket er udløbet. Bed om et nyt.',
  UNAUTHENTICATED: 'Du er blevet logget ud. Log ind igen.',
  FORBIDDEN: 'Du har ikke lov til at gøre det her.',
  STAFF_TWO_FACTOR_REQUIRED:
    'Medarbejdere skal logge ind med totrinsbekræftelse. Slå den til under Konto først.',
  CSRF_REJECTED: 'Siden er forældet. Genindlæs den, og prøv igen.',
  NOT_FOUND: 'Det blev ikke fundet. Det kan være fjernet.',
  ALREADY_EXISTS: 'Det findes allerede.',
  INVALID_TRANSITION: 'Det kan ikke længere lade sig gøre, fordi tilstanden er ændret. Genindlæs siden.',
  SEND_REFUSED: 'Abonnementet kunne ikke sendes. Se årsagerne nedenfor.',
  NOT_ACTIVE_ON_DEVICE: 'Enheden bruger ikke dette abonnement nu.',
  REPLACES_NOT_A_SEAT_HOLDER: 'Den enhed, der skal erstattes, har ikke en plads i dette abonnement.',
  REPLACE_ALREADY_PENDING: 'En erstatning for denne plads er allerede på vej.',
  RESERVE_ALREADY_WAITING: 'Der venter allerede en reserve til denne app på enheden.',
  RESERVE_FINAL: 'Reserven er allerede startet eller afsluttet og kan ikke længere fortrydes.',
  REPLACE_NEEDS_ONE_DEVICE: 'Vælg præcis én enhed for at erstatte en anden.',
  REPLACE_AND_RESERVE: 'En afsendelse kan erstatte en enhed eller vente som reserve, ikke begge dele.',
  INSTALLER_TOO_LARGE: 'Installationsprogrammet er for stort.',
  PAYLOAD_TOO_LARGE: 'Det, du sendte, er for stort.',
  UNSUPPORTED_MEDIA_TYPE: 'Den slags indhold modtages ikke her.',
  METHOD_NOT_ALLOWED: 'Det kan ikke gøres her.',
  IDEMPOTENCY_KEY_REUSED:
    'Forespørgslen er allerede sendt med et andet indhold. Genindlæs siden, og prøv igen.',
  STORAGE_UNAVAILABLE: 'Seatpost kan ikke gemme noget lige nu. Prøv igen om et øjeblik.',
  INTERNAL: 'Noget gik galt hos os. Prøv igen, eller kontakt kundeservice.',
};
