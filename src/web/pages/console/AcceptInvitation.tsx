import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../../api.ts';
import { api, errorCode, SIGNED_OUT } from '../../api.ts';
import { RelativeTime } from '../../components/RelativeTime.tsx';
import { ErrorText } from '../../components/Support.tsx';
import { formatDate } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import '../../styles/invitation.css';

type Preview = Answer<'POST', '/v1/console/invitations/preview'>;

/**
 * The page an invitation's link opens: says who invited whom to which organization, as what,
 * until when; then joins it and opens its console. Another account is told which one to use.
 */
export function AcceptInvitation({ token, onAccepted }: { token: string; onAccepted: () => void }) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api('POST', '/v1/console/invitations/preview', { body: { token } }).then(setPreview, (e) =>
      setPreviewError(errorCode(e)),
    );
  }, [token]);
  const accept = async () => {
    try {
      const org = await api('POST', '/v1/console/invitations/accept', { body: { token } });
      setDone(org.name);
      onAccepted();
      navigate(`/console/${org.id}`);
    } catch (e) {
      setError(errorCode(e));
    }
  };
  // Back to the sign-in page, still at this link: signed in as the invited address, it opens again.
  const signOut = async () => {
    await api('POST', '/v1/auth/sign-out').catch(() => {});
    dispatchEvent(new Event(SIGNED_OUT));
  };

  if (previewError === 'INVITATION_INVALID')
    return (
      <section className="card narrow invitation">
        <h1>{t('invitation.invalidTitle')}</h1>
        <p>{t('invitation.invalid')}</p>
      </section>
    );
  if (previewError)
    return (
      <section className="card narrow invitation">
        <h1>{t('invitation.failedTitle')}</h1>
        <ErrorText code={previewError} />
      </section>
    );
  if (!preview) return <p>{t('app.loading')}</p>;

  const org = preview.organization.name;
  const by = preview.invitedBy;
  return (
    <section className="card narrow invitation">
      <h1>{t('invitation.title', { org })}</h1>
      <p>
        {by?.name
          ? t('invitation.invitedBy', { name: by.name, email: by.email, org })
          : by
            ? t('invitation.invitedByAddress', { email: by.email, org })
            : t('invitation.invited', { org })}
      </p>
      <dl className="facts">
        <dt>{t('invitation.role')}</dt>
        <dd>{t(`console.role.${preview.role}`)}</dd>
        <dt>{t('invitation.address')}</dt>
        <dd>{preview.email}</dd>
        <dt>{t('invitation.expires')}</dt>
        <dd>
          <RelativeTime
            iso={preview.expiresAt}
            words={(relative) =>
              t('invitation.expiresAt', { relative, date: formatDate(preview.expiresAt, true) })
            }
          />
        </dd>
      </dl>
      {preview.forThisAccount ? (
        <button type="button" className="primary" onClick={() => void accept()}>
          {t('console.accept')}
        </button>
      ) : (
        <>
          <p>{t('invitation.wrongAccount', { email: preview.email })}</p>
          <button type="button" onClick={() => void signOut()}>
            {t('app.signOut')}
          </button>
        </>
      )}
      {done && <p role="status">{t('console.accepted', { org: done })}</p>}
      <ErrorText code={error} />
    </section>
  );
}
