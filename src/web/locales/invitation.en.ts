/** The page an invitation's link opens (issue 19): what it offers, before it is accepted. */
export const invitationEn = {
  title: 'Invitation to {{org}}',
  invitedBy: '{{name}} ({{email}}) invited you to join {{org}}.',
  invitedByAddress: '{{email}} invited you to join {{org}}.',
  invited: 'You have been invited to join {{org}}.',
  role: 'Role',
  address: 'For',
  expires: 'Expires',
  expiresAt: '{{relative}} ({{date}})',
  wrongAccount:
    'This invitation is for {{email}}, and you are signed in with another account. Sign out, and sign in as {{email}} to accept it.',
  invalidTitle: 'This invitation is no longer valid',
  invalid:
    'It may have expired, been taken back or been used already. Ask an administrator of the organization to send you a new invitation.',
  failedTitle: 'Invitation',
};

export type InvitationMessages = typeof invitationEn;
