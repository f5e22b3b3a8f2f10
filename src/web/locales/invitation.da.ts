import type { InvitationMessages } from './invitation.en.ts';

/** Siden, som en invitations link åbner, på dansk. */
export const invitationDa: InvitationMessages = {
  title: 'Invitation til {{org}}',
  invitedBy: '{{name}} ({{email}}) har inviteret dig til at blive medlem af {{org}}.',
  invitedByAddress: '{{email}} har inviteret dig til at blive medlem af {{org}}.',
  invited: 'Du er blevet inviteret til at blive medlem af {{org}}.',
  role: 'Rolle',
  address: 'Til',
  expires: 'Udløber',
  expiresAt: '{{relative}} ({{date}})',
  wrongAccount:
    'Invitationen er til {{email}}, og du er logget ind med en anden konto. Log ud, og log ind som {{email}} for at acceptere den.',
  invalidTitle: 'Invitationen gælder ikke længere',
  invalid:
    'Den kan være udløbet, trukket tilbage eller allerede brugt. Bed en administrator i organisationen om at sende dig en ny invitation.',
  failedTitle: 'Invitation',
};
