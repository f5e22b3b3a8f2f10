import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Eligibility, SendResult } from '../api.ts';
import { api, errorCode } from '../api.ts';
import { OtherDownloads } from './OtherDownloads.tsx';
import { ChooseDevices } from './ChooseDevices.tsx';
import { ReserveResult } from './SeatPlans.tsx';
import { ContactSupport, ErrorText, Reasons } from './Support.tsx';

type Tab = 'connected' | 'downloads';

/** The article's steps: Send to device → Connected device → Send subscription → select → Send. */
export function SendToDevice({ subscriptionId, onSent }: { subscriptionId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<Tab>('connected');
  const [eligibility, setEligibility] = useState<Eligibility | null>(null);
  const [results, setResults] = useState<SendResult[] | null>(null);
  /** What a remedy's send says instead of "Sent to …" (a replace names the device it replaces). */
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [names, setNames] = useState(new Map<string, string>());
  const key = useRef<string>('');
  const tabs: Tab[] = ['connected', 'downloads'];

  const choose = async () => {
    setError(null);
    setResults(null);
    try {
      const found = await api('GET', '/v1/me/subscriptions/{id}/eligibility', {
        params: { id: subscriptionId },
      });
      setEligibility(found);
      setNames(new Map(found.devices.map((d) => [d.deviceId, d.name])));
      key.current = crypto.randomUUID();
    } catch (e) {
      setError(errorCode(e));
    }
  };

  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const deviceIds = new FormData(e.currentTarget).getAll('device').map(String);
    if (deviceIds.length === 0) return setError('nothingSelected');
    setBusy(true);
    setError(null);
    try {
      // One key per choice of devices: a retried click cannot send twice.
      const r = await api('POST', '/v1/me/subscriptions/{id}/deliveries', {
        params: { id: subscriptionId },
        body: { deviceIds },
        headers: { 'idempotency-key': key.current },
      });
      setNote(null);
      setResults(r.results);
      setEligibility(null);
      onSent();
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="send" aria-labelledby="send-title">
      <h2 id="send-title" className="visually-hidden">
        {t('send.sendToDevice')}
      </h2>
      <button
        type="button"
        className="primary"
        aria-expanded={open}
        aria-controls="send-panel"
        onClick={() => setOpen(!open)}
      >
        {t('send.sendToDevice')}
      </button>
      {open && (
        <div id="send-panel" className="card panel">
          <div role="tablist" aria-label={t('send.sendToDevice')} className="tablist">
            {tabs.map((name) => (
              <button
                key={name}
                id={`tab-${name}`}
                type="button"
                role="tab"
                aria-selected={tab === name}
                aria-controls={`tabpanel-${name}`}
                tabIndex={tab === name ? 0 : -1}
                onClick={() => setTab(name)}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                    const next = tabs[(tabs.indexOf(name) + 1) % tabs.length]!;
                    setTab(next);
                    document.getElementById(`tab-${next}`)?.focus();
                  }
                }}
              >
                {name === 'connected' ? t('send.connectedDevice') : t('send.otherDownloads')}
              </button>
            ))}
          </div>
          {tab === 'downloads' ? (
            <div id="tabpanel-downloads" role="tabpanel" aria-labelledby="tab-downloads">
              <OtherDownloads subscriptionId={subscriptionId} />
            </div>
          ) : (
            <div id="tabpanel-connected" role="tabpanel" aria-labelledby="tab-connected">
              <button type="button" onClick={() => void choose()}>
                {t('send.sendSubscription')}
              </button>
              {eligibility && (
                <ChooseDevices
                  subscriptionId={subscriptionId}
                  eligibility={eligibility}
                  busy={busy}
                  onSubmit={(e) => void send(e)}
                  onRemedySent={(sent, said) => {
                    setNote(said ?? null);
                    setResults(sent);
                    setEligibility(null);
                    onSent();
                  }}
                  onDownloads={() => setTab('downloads')}
                />
              )}
              {error === 'nothingSelected' ? (
                <p className="error" role="alert">
                  {t('send.nothingSelected')}
                </p>
              ) : (
                <ErrorText code={error} />
              )}
              {results && (
                <SendResults subscriptionId={subscriptionId} results={results} names={names} note={note} />
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** What a send did, device by device; one "Contact customer service" for all the refusals. */
function SendResults({
  subscriptionId,
  results,
  names,
  note,
}: {
  subscriptionId: string;
  results: SendResult[];
  names: ReadonlyMap<string, string>;
  note: string | null;
}) {
  const { t } = useTranslation();
  const refused = results.flatMap((r) => ('reasons' in r ? [r] : []));
  return (
    <div role="status">
      <ul className="results">
        {results.map((r) => {
          const name = names.get(r.deviceId) ?? t('send.aDevice');
          return 'delivery' in r ? (
            <li key={r.deviceId} className="ok">
              {note ?? t('send.resultSent', { device: name })}
            </li>
          ) : 'reserve' in r ? (
            <ReserveResult key={r.deviceId} reserve={r.reserve} device={name} />
          ) : (
            <li key={r.deviceId} className="refused">
              {t('send.resultRefused', { device: name })}
              <Reasons reasons={r.reasons} />
            </li>
          );
        })}
      </ul>
      {refused.length > 0 && (
        <ContactSupport
          subscriptionId={subscriptionId}
          deviceId={refused.length === 1 ? refused[0]!.deviceId : undefined}
          reasons={[...new Set(refused.flatMap((r) => r.reasons))]}
        />
      )}
    </div>
  );
}
