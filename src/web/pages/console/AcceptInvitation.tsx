import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorCode } from '../../api.ts';
import { ErrorText } from '../../components/Support.tsx';
import { navigate } from '../../router.ts';

/** The page an invitation's link opens: joins the organization, then opens its console. */
export function AcceptInvitation({ token, onAccepted }: { token: string; onAccepted: () => void }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
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
  return (
    <section className="card narrow">
      <h1>{t('console.title')}</h1>
      <button type="button" className="primary" onClick={() => void accept()}>
        {t('console.accept')}
      </button>
      {done && <p role="status">{t('console.accepted', { org: done })}</p>}
      <ErrorText code={error} />
    </section>
  );
}
