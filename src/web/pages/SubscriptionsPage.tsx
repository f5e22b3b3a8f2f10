import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Subscription } from '../api.ts';
import { api, errorCode, textField } from '../api.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { Seats } from '../components/Seats.tsx';
import { ContactSupport, ErrorText } from '../components/Support.tsx';
import { formatDate } from '../i18n.ts';
import { navigate } from '../router.ts';

export function stateOf(s: Subscription): 'active' | 'blocked' | 'suspended' | 'expired' {
  return s.expired ? 'expired' : s.state;
}

export function SubscriptionsPage() {
  const { t } = useTranslation();
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const load = useCallback(() => {
    api('GET', '/v1/me/subscriptions').then(
      (r) => {
        setSubs(r.subscriptions);
        setLoadError(null);
      },
      (e: unknown) => setLoadError(errorCode(e)),
    );
  }, []);
  useEffect(load, [load]);

  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const code = textField(form, 'code').trim().toUpperCase();
    setError(null);
    setAdded(null);
    try {
      const s = await api('POST', '/v1/me/subscriptions', { body: { activationCode: code } });
      setAdded(s.product.name);
      form.reset();
      load();
    } catch (err) {
      setError(errorCode(err));
    }
  };

  return (
    <>
      <PageTitle>{t('subscriptions.title')}</PageTitle>
      <ErrorText code={loadError} />
      {subs === null ? (
        !loadError && <p>{t('app.loading')}</p>
      ) : subs.length === 0 ? (
        <p>{t('subscriptions.none')}</p>
      ) : (
        <ul className="cards">
          {subs.map((s) => (
            <li key={s.id} className="card">
              <h2>
                <a
                  href={`/subscriptions/${s.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/subscriptions/${s.id}`);
                  }}
                >
                  {s.product.name}
                  {/* Two of one product read alike: what differs tells them apart. */}
                  <Qualifier subscription={s} all={subs} />
                </a>
              </h2>
              <p className="meta">
                <span className={`badge badge-${stateOf(s)}`}>{t(`subscriptions.state.${stateOf(s)}`)}</span>{' '}
                {t(`subscriptions.kind.${s.kind}`)} ·{' '}
                {t(`subscriptions.codeEnding`, { hint: s.activationCodeHint })}
              </p>
              <p>
                {/* An auto-renewing subscription does not end on its date: it renews then. */}
                {t(
                  s.expired
                    ? 'subscriptions.expired'
                    : s.renewal === 'auto'
                      ? 'subscriptions.renews'
                      : 'subscriptions.expires',
                  { date: formatDate(s.expiresAt) },
                )}{' '}
                · <Seats subscription={s} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <section className="card" aria-labelledby="add-title">
        <h2 id="add-title">{t('subscriptions.add')}</h2>
        <form onSubmit={(e) => void add(e)} className="inline">
          <label>
            {t('subscriptions.code')}
            <input
              name="code"
              required
              autoComplete="off"
              spellCheck={false}
              placeholder="XXXXX-XXXXX-XXXXX-XXXXX"
              aria-describedby="code-hint"
              aria-invalid={error === 'ACTIVATION_CODE_NOT_FOUND' || error === 'ACTIVATION_CODE_IN_USE'}
            />
          </label>
          <button type="submit" className="primary">
            {t('subscriptions.addButton')}
          </button>
        </form>
        <small id="code-hint">{t('subscriptions.codeHint')}</small>
        <ErrorText code={error} />
        {(error === 'ACTIVATION_CODE_IN_USE' || error === 'ACTIVATION_CODE_NOT_FOUND') && (
          <ContactSupport reasons={[error]} />
        )}
        {added && (
          <p role="status" className="ok">
            {t('subscriptions.added', { product: added })}
          </p>
        )}
      </section>
    </>
  );
}

/**
 * Beside a product's name that more than one subscription shares: what tells this one apart, its
 * kind ("Trial") or its size ("5 devices") where those differ, its code's ending otherwise.
 */
function Qualifier({ subscription: s, all }: { subscription: Subscription; all: Subscription[] }) {
  const { t } = useTranslation();
  const same = all.filter((o) => o.product.name === s.product.name);
  if (same.length < 2) return null;
  const differ = (key: (o: Subscription) => string | number) => new Set(same.map(key)).size > 1;
  const parts = [
    differ((o) => o.kind) && t(`subscriptions.kind.${s.kind}`),
    differ((o) => `${o.unit}${o.seats.total}`) && t(`subscriptions.size_${s.unit}`, { count: s.seats.total }),
  ].filter((p): p is string => !!p);
  const words =
    parts.length > 0 ? parts.join(', ') : t('subscriptions.codeEnding', { hint: s.activationCodeHint });
  return <span className="qualifier"> · {words}</span>;
}
