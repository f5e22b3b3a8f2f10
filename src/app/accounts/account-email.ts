import { singleLine } from '../../domain/text.ts';
import type { AccountMail } from '../shared/mail-port.ts';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Words {
  subject: string;
  greeting: (name: string) => string;
  body: string[];
  button: string;
  after: string[];
}

const WORDS: Record<AccountMail['language'], Record<AccountMail['kind'], Words>> = {
  en: {
    verify: {
      subject: 'Confirm your email address for Seatpost',
      greeting: (name) => `Hello ${name},`,
      body: [
        'Welcome to Seatpost. Open the link below to confirm that this address is yours.',
        'Until you do, you can use your account, but subscriptions bought with this address and invitations to it wait for the confirmation.',
      ],
      button: 'Confirm my address',
      after: [
        'The link works for three days.',
        'If you did not create an account, you can ignore this email.',
      ],
    },
    existing: {
      subject: 'Someone tried to create a Seatpost account with your address',
      greeting: (name) => `Hello ${name},`,
      body: [
        'Someone just tried to create a Seatpost account with this email address. You already have one, so nothing was changed.',
        'If it was you, sign in instead. If you have forgotten your password, reset it with the link below.',
      ],
      button: 'Reset my password',
      after: ['If it was not you, you can ignore this email: your account is unchanged.'],
    },
    change: {
      subject: 'Confirm your new email address for Seatpost',
      greeting: (name) => `Hello ${name},`,
      body: ['You asked to use this address for your Seatpost account. Open the link to confirm it.'],
      button: 'Use this address',
      after: [
        'Until you do, your account keeps its old address. The link works for three days.',
        'If you did not ask for this, you can ignore this email.',
      ],
    },
    reset: {
      subject: 'Reset your Seatpost password',
      greeting: (name) => `Hello ${name},`,
      body: [
        'Someone asked to reset the password of your Seatpost account. Open the link to choose a new one.',
      ],
      button: 'Choose a new password',
      after: [
        'The link works for one hour, once. Choosing a new password signs you out everywhere.',
        'If you did not ask for this, you can ignore this email: your password is unchanged.',
      ],
    },
  },
  da: {
    verify: {
      subject: 'Bekræft din e-mailadresse til Seatpost',
      greeting: (name) => `Hej ${name}`,
      body: [
        'Velkommen til Seatpost. Åbn linket nedenfor for at bekræfte, at adressen er din.',
        'Indtil da kan du bruge din konto, men abonnementer købt med adressen og invitationer til den venter på bekræftelsen.',
      ],
      button: 'Bekræft min adresse',
      after: [
        'Linket virker i tre dage.',
        'Hvis du ikke har oprettet en konto, kan du se bort fra denne e-mail.',
      ],
    },
    existing: {
      subject: 'Nogen forsøgte at oprette en Seatpost-konto med din adresse',
      greeting: (name) => `Hej ${name}`,
      body: [
        'Nogen har lige forsøgt at oprette en Seatpost-konto med denne e-mailadresse. Du har allerede en, så intet er ændret.',
        'Hvis det var dig, så log ind i stedet. Har du glemt din adgangskode, kan du nulstille den med linket nedenfor.',
      ],
      button: 'Nulstil min adgangskode',
      after: ['Hvis det ikke var dig, kan du se bort fra denne e-mail: Din konto er uændret.'],
    },
    change: {
      subject: 'Bekræft din nye e-mailadresse til Seatpost',
      greeting: (name) => `Hej ${name}`,
      body: ['Du har bedt om at bruge denne adresse til din Seatpost-konto. Åbn linket for at bekræfte den.'],
      button: 'Brug denne adresse',
      after: [
        'Indtil da beholder din konto sin gamle adresse. Linket virker i tre dage.',
        'Hvis du ikke har bedt om det, kan du se bort fra denne e-mail.',
      ],
    },
    reset: {
      subject: 'Nulstil din adgangskode til Seatpost',
      greeting: (name) => `Hej ${name}`,
      body: [
        'Nogen har bedt om at nulstille adgangskoden til din Seatpost-konto. Åbn linket for at vælge en ny.',
      ],
      button: 'Vælg en ny adgangskode',
      after: [
        'Linket virker i en time og kun én gang. Når du vælger en ny adgangskode, bliver du logget ud overalt.',
        'Hvis du ikke har bedt om det, kan du se bort fra denne e-mail: Din adgangskode er uændret.',
      ],
    },
  },
};

/** An email about the account, in the account's language; HTML and plain text say the same. */
export function accountEmail(m: AccountMail): { subject: string; text: string; html: string } {
  const w = WORDS[m.language][m.kind];
  const greeting = w.greeting(singleLine(m.name));
  const text = [greeting, '', ...w.body, '', m.url, '', ...w.after, ''].join('\n');
  const url = escapeHtml(m.url);
  const html = `<!doctype html><html lang="${m.language}"><head><meta charset="utf-8"><title>${escapeHtml(w.subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem;margin:0 auto;padding:1rem">
<p>${escapeHtml(greeting)}</p>
${w.body.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${url}" style="display:inline-block;background:#0b57d0;color:#fff;padding:.6rem 1rem;border-radius:.3rem;text-decoration:none">${escapeHtml(w.button)}</a></p>
<p style="font-size:.9rem;word-break:break-all"><a href="${url}">${url}</a></p>
${w.after.map((p) => `<p style="font-size:.9rem;color:#444">${escapeHtml(p)}</p>`).join('\n')}
</body></html>
`;
  return { subject: w.subject, text, html };
}
