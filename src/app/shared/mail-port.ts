import type { Language } from '../../domain/language.ts';
import type { Role } from '../../domain/model.ts';
import type { Db } from '../../store/database.ts';

/** What an invitation email needs; the mail itself is queued by the mail port. */
export interface InvitationMail {
  to: string;
  organizationName: string;
  role: Role;
  acceptUrl: string;
  expiresAt: Date;
}

/** What the download-link email needs. */
export interface DownloadLinkMail {
  to: string;
  /** The account that sends it: the demo's mailbox shows it to them, whatever the address. */
  senderAccountId: string;
  language: Language;
  productName: string;
  url: string;
  expiresAt: Date;
}

/**
 * An email about the account itself (app/accounts/account-email.ts): `verify` the address,
 * `existing` (someone tried to sign up with it), `reset` the password, `change` to this new address.
 */
export interface AccountMail {
  to: string;
  kind: 'verify' | 'existing' | 'reset' | 'change';
  language: Language;
  name: string;
  url: string;
}

/** The emails use cases send; each is queued in the outbox within the change that causes it. */
export interface MailPort {
  invitation(db: Db, mail: InvitationMail): Promise<void>;
  downloadLink(db: Db, mail: DownloadLinkMail): Promise<void>;
  account(db: Db, mail: AccountMail): Promise<void>;
}
