import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../api.ts';
import { api, ApiError, errorCode } from '../api.ts';
import { ErrorText } from '../components/Support.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { formatDate } from '../i18n.ts';

type Message = Answer<'GET', '/v1/me/mailbox'>['messages'][number];

/** The mail's plain text, its web addresses made into links (nothing else of it is interpreted). */
function withLinks(text: string): ReactNode[] {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, i) =>
    i % 2 === 1 ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/**
 * The demo's mailbox: without a mail server (no SMTP_URL) the mail Seatpost sends to the
 * account's own address waits here, so that a newcomer can follow a download link on one machine.
 */
export function MailboxPage() {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api('GET', '/v1/me/mailbox').then(
      (r) => setMessages(r.messages),
      (e: unknown) => setError(e instanceof ApiError && e.problem.status === 404 ? 'smtp' : errorCode(e)),
    );
  }, []);

  return (
    <>
      <PageTitle>{t('mailbox.title')}</PageTitle>
      {error === 'smtp' ? (
        <p>{t('mailbox.smtp')}</p>
      ) : error ? (
        <ErrorText code={error} />
      ) : !messages ? (
        <p>{t('app.loading')}</p>
      ) : (
        <>
          <p>{t('mailbox.intro')}</p>
          {messages.length === 0 && <p>{t('mailbox.none')}</p>}
          <ul className="cards mailbox">
            {messages.map((m) => (
              <li key={m.id} className="card" lang={mailLanguage(m.html)}>
                <h2>{m.subject}</h2>
                <p className="meta">
                  {t('mailbox.to', { address: m.to })} · {formatDate(m.createdAt, true)}
                </p>
                <div className="mail-text">{withLinks(m.text)}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/**
 * The language an email was written in (its recipient's), from its HTML: a Danish page shows an
 * English email as English, for screen readers and for a reader's translation tools.
 */
function mailLanguage(html: string): string | undefined {
  return /<html[^>]*\slang="([a-zA-Z-]{2,20})"/.exec(html)?.[1];
}
