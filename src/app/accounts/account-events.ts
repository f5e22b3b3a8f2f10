import { languageOr } from '../../domain/language.ts';
import { inTransaction } from '../../store/database.ts';
import { attachOwnerClaims } from '../../store/accounts.repository.ts';
import type { Deps } from '../shared/deps.ts';
import type { AccountMail } from '../shared/mail-port.ts';

/** The account as better-auth hands it to its callbacks. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  language?: string | null;
}

/** What better-auth's callbacks do here: mail its links through the outbox, attach what waited for a proven address. */
export interface AccountEvents {
  mail(kind: AccountMail['kind'], user: AuthUser, token?: string): Promise<void>;
  verified(user: AuthUser): Promise<void>;
}

/** The portal page each emailed link opens; the page calls the API with the token. */
function linkFor(publicUrl: string, kind: AccountMail['kind'], token: string | undefined): string {
  if (kind === 'verify' || kind === 'change')
    return `${publicUrl}/verify-email?token=${encodeURIComponent(token ?? '')}`;
  if (kind === 'reset') return `${publicUrl}/reset-password?token=${encodeURIComponent(token ?? '')}`;
  return `${publicUrl}/forgot-password`;
}

/** better-auth's verification token (a JWT it signed) for a change of address rather than a new account. */
function isAddressChange(token: string | undefined): boolean {
  try {
    const payload = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString()) as {
      requestType?: string;
    };
    return payload.requestType === 'change-email-verification';
  } catch {
    return false;
  }
}

/**
 * better-auth is built before Deps (its migrations run first), so its callbacks reach Deps
 * through `deps()`, called only when a request makes them run.
 */
export function accountEvents(deps: () => Deps): AccountEvents {
  return {
    async mail(kind, user, token) {
      const d = deps();
      await d.mail.account(d.db, {
        to: user.email,
        kind: kind === 'verify' && isAddressChange(token) ? 'change' : kind,
        language: languageOr(user.language),
        name: user.name,
        url: linkFor(d.settings.publicUrl, kind, token),
      });
    },
    async verified(user) {
      const d = deps();
      await inTransaction(d.db, (tx) => attachOwnerClaims(tx, user.id, user.email, d.clock.now()));
    },
  };
}
