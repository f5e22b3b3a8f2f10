import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery, Device, Eligibility, SendResult, Subscription, SubscriptionDetail } from '../api.ts';
import { api, errorCode, FINAL, textField } from '../api.ts';
import { StatusIcon } from '../components/StatusIcon.tsx';
import { ContactSupport, ErrorText, Reasons } from '../components/Support.tsx';
import { formatDate } from '../i18n.ts';
import { navigate } from '../router.ts';

interface Org {
  id: string;
  name: string;
  role: 'admin' | 'member';
}
type Tab = 'subscriptions' | 'devices' | 'members' | 'audit';
const TABS: Tab[] = ['subscriptions', 'devices', 'members', 'audit'];
const base = (org: string) => `/v1/console/organizations/${encodeURIComponent(org)}`;

function go(e: { preventDefault(): void }, to: string) {
  e.preventDefault();
  navigate(to);
}

/** The administration console: /console, /console/{org}/{tab}[/{subscription}], /console/invitations/{token}. */
export function Console({ path }: { path: string }) {
  const { t } = useTranslation();
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const parts = path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const load = useCallback(() => {
    api<{ organizations: Org[] }>('GET', '/v1/console/organizations').then(
      (r) => setOrgs(r.organizations),
      () => setOrgs([]),
    );
  }, []);
  useEffect(load, [load]);

  if (parts[0] === 'invitations' && parts[1]) return <AcceptInvitation token={parts[1]} onAccepted={load} />;
  if (orgs === null) return <p>{t('app.loading')}</p>;
  const org = orgs.find((o) => o.id === parts[0]) ?? (parts[0] ? undefined : orgs[0]);
  if (!org)
    return (
      <>
        <h1>{t('console.title')}</h1>
        <p>{t('console.none')}</p>
      </>
    );
  const tab: Tab = TABS.includes(parts[1] as Tab) ? (parts[1] as Tab) : 'subscriptions';
  return (
    <>
      <h1>
        {org.name} <small className="meta">· {t(`console.role.${org.role}`)}</small>
      </h1>
      {orgs.length > 1 && (
        <nav aria-label={t('console.title')}>
          {orgs.map((o) => (
            <a
              key={o.id}
              href={`/console/${o.id}`}
              onClick={(e) => go(e, `/console/${o.id}`)}
              aria-current={o.id === org.id ? 'page' : undefined}
            >
              {o.name}
            </a>
          ))}
        </nav>
      )}
      {org.role !== 'admin' && <p className="hint">{t('console.memberNote')}</p>}
      <nav aria-label={t('console.title')}>
        <ul className="tabs sub">
          {TABS.map((name) => (
            <li key={name}>
              <a
                href={`/console/${org.id}/${name}`}
                aria-current={tab === name ? 'page' : undefined}
                onClick={(e) => go(e, `/console/${org.id}/${name}`)}
              >
                {t(`console.tabs.${name}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'subscriptions' &&
        (parts[2] ? <OrgSubscription org={org} id={parts[2]} /> : <OrgSubscriptions org={org} />)}
      {tab === 'devices' && <OrgDevices org={org} />}
      {tab === 'members' && <Members org={org} />}
      {tab === 'audit' && <Audit org={org} />}
    </>
  );
}

function OrgSubscriptions({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [subs, setSubs] = useState<Subscription[] | null>(null);
  useEffect(() => {
    api<{ subscriptions: Subscription[] }>('GET', `${base(org.id)}/subscriptions`).then(
      (r) => setSubs(r.subscriptions),
      () => setSubs([]),
    );
  }, [org.id]);
  if (!subs) return <p>{t('app.loading')}</p>;
  return (
    <ul className="cards">
      {subs.map((s) => (
        <li key={s.id} className="card">
          <h2>
            <a
              href={`/console/${org.id}/subscriptions/${s.id}`}
              onClick={(e) => go(e, `/console/${org.id}/subscriptions/${s.id}`)}
            >
              {s.product.name}
            </a>
          </h2>
          <p>
            {t('subscriptions.seats', {
              used: s.seats.used,
              total: s.seats.total,
              unit: t(`subscriptions.unit.${s.unit}`),
            })}{' '}
            · {t('subscriptions.expires', { date: formatDate(s.expiresAt) })}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** One subscription: every managed device's eligibility, bulk selection with filters, send, live statuses, undo. */
function OrgSubscription({ org, id }: { org: Org; id: string }) {
  const { t } = useTranslation();
  const [detail, setDetail] = useState<SubscriptionDetail | null>(null);
  const [eligibility, setEligibility] = useState<Eligibility | null>(null);
  const [devices, setDevices] = useState<Device[]>([]);
  const [deliveries, setDeliveries] = useState(new Map<string, Delivery>());
  const [selected, setSelected] = useState(new Set<string>());
  const [filter, setFilter] = useState({ platform: '', group: '', name: '' });
  const [result, setResult] = useState<SendResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = useRef(crypto.randomUUID());

  const load = useCallback(() => {
    void Promise.all([
      api<SubscriptionDetail>('GET', `${base(org.id)}/subscriptions/${id}`),
      api<Eligibility>('GET', `${base(org.id)}/subscriptions/${id}/eligibility`),
      api<{ devices: Device[] }>('GET', `${base(org.id)}/devices`),
    ]).then(
      ([d, e, all]) => {
        setDetail(d);
        setEligibility(e);
        setDevices(all.devices);
        setDeliveries((old) => {
          const next = new Map(old);
          for (const x of d.devices)
            if (x.delivery && (next.get(x.deviceId)?.updatedAt ?? '') <= x.delivery.updatedAt)
              next.set(x.deviceId, x.delivery);
          return next;
        });
      },
      () => setError('generic'),
    );
  }, [org.id, id]);
  useEffect(load, [load]);
  useEffect(() => {
    const source = new EventSource(`${base(org.id)}/events`);
    source.addEventListener('delivery', (e) => {
      const { delivery } = JSON.parse((e as MessageEvent<string>).data) as { delivery: Delivery };
      if (delivery.subscriptionId !== id) return;
      setDeliveries((old) => {
        if ((old.get(delivery.deviceId)?.updatedAt ?? '') > delivery.updatedAt) return old;
        return new Map(old).set(delivery.deviceId, delivery);
      });
    });
    return () => source.close();
  }, [org.id, id]);

  const byId = useMemo(() => new Map(devices.map((d) => [d.id, d])), [devices]);
  const shown = (eligibility?.devices ?? []).filter((e) => {
    const d = byId.get(e.deviceId);
    return (
      (!filter.platform || e.platform === filter.platform) &&
      (!filter.group || d?.group === filter.group) &&
      (!filter.name || e.name.toLowerCase().includes(filter.name.toLowerCase()))
    );
  });
  const platforms = [...new Set(devices.map((d) => d.platform))].sort();
  const groups = [...new Set(devices.map((d) => d.group).filter((g): g is string => !!g))].sort();
  const eligibleShown = shown.filter((e) => e.eligible);

  const send = async () => {
    setError(null);
    try {
      const r = await api<{ results: SendResult[] }>(
        'POST',
        `${base(org.id)}/subscriptions/${id}/deliveries`,
        { deviceIds: [...selected] },
        { 'idempotency-key': key.current },
      );
      setResult(r.results);
      setSelected(new Set());
      key.current = crypto.randomUUID();
      load();
    } catch (e) {
      setError(errorCode(e));
    }
  };
  const undo = async (deliveryId: string) => {
    setError(null);
    try {
      await api('POST', `${base(org.id)}/deliveries/${deliveryId}/undo`);
      load();
    } catch (e) {
      setError(errorCode(e));
    }
  };

  if (!detail || !eligibility) return <p>{t('app.loading')}</p>;
  const sent = result?.filter((r) => 'delivery' in r).length ?? 0;
  return (
    <section aria-labelledby="sub-title">
      <h2 id="sub-title">{detail.product.name}</h2>
      <p className="meta">
        {t('subscriptions.seats', {
          used: detail.seats.used,
          total: detail.seats.total,
          unit: t(`subscriptions.unit.${detail.unit}`),
        })}
        {detail.seats.reserved > 0 && <> · {t('subscriptions.reserved', { count: detail.seats.reserved })}</>}
      </p>
      <div className="filters">
        <label>
          {t('console.filterPlatform')}
          <select
            value={filter.platform}
            onChange={(e) => setFilter({ ...filter, platform: e.target.value })}
          >
            <option value="">{t('console.all')}</option>
            {platforms.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          {t('console.filterGroup')}
          <select value={filter.group} onChange={(e) => setFilter({ ...filter, group: e.target.value })}>
            <option value="">{t('console.all')}</option>
            {groups.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <label>
          {t('console.filterName')}
          <input
            type="search"
            value={filter.name}
            onChange={(e) => setFilter({ ...filter, name: e.target.value })}
          />
        </label>
      </div>
      <p className="actions">
        <button
          type="button"
          onClick={() => setSelected(new Set([...selected, ...eligibleShown.map((e) => e.deviceId)]))}
        >
          {t('console.selectAll', { count: eligibleShown.length })}
        </button>
        <button type="button" onClick={() => setSelected(new Set())}>
          {t('console.clear')}
        </button>
        <span aria-live="polite">{t('console.selected', { count: selected.size })}</span>
        <button type="button" className="primary" disabled={selected.size === 0} onClick={() => void send()}>
          {t('send.send')}
        </button>
      </p>
      <ErrorText code={error} />
      {result && (
        <div role="status" className="ok">
          {t('console.sendResult', { sent, refused: result.length - sent })}
        </div>
      )}
      <table className="grid">
        <caption className="visually-hidden">{t('send.chooseDevices')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.device')}</th>
            <th scope="col">{t('console.filterPlatform')}</th>
            <th scope="col">{t('console.status')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => {
            const d = deliveries.get(e.deviceId);
            return (
              <tr key={e.deviceId} data-device={e.deviceId}>
                <td>
                  <label>
                    <input
                      type="checkbox"
                      disabled={!e.eligible}
                      checked={selected.has(e.deviceId)}
                      onChange={(ev) => {
                        const next = new Set(selected);
                        if (ev.target.checked) next.add(e.deviceId);
                        else next.delete(e.deviceId);
                        setSelected(next);
                      }}
                    />
                    {e.name}
                  </label>
                  {!e.eligible && <Reasons reasons={e.reasons} />}
                </td>
                <td>{e.platform}</td>
                <td>
                  {d && <StatusIcon status={d.status} />}
                  {d && !FINAL.includes(d.status) && org.role === 'admin' && (
                    <button type="button" onClick={() => void undo(d.id)}>
                      {t('myDevices.undo')}
                    </button>
                  )}
                  {d?.status === 'failed' && (
                    <ContactSupport reference={`delivery ${d.id} ${d.reason ?? ''}`} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function OrgDevices({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ devices: Device[] }>('GET', `${base(org.id)}/devices`).then(
      (r) => setDevices(r.devices),
      () => setDevices([]),
    );
  }, [org.id]);
  useEffect(load, [load]);
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      load();
    } catch (e) {
      setError(errorCode(e));
    }
  };
  if (!devices) return <p>{t('app.loading')}</p>;
  return (
    <>
      {org.role === 'admin' && (
        <p className="actions">
          <button
            type="button"
            onClick={() =>
              void act(async () =>
                setCode((await api<{ code: string }>('POST', `${base(org.id)}/connect-codes`, {})).code),
              )
            }
          >
            {t('console.enroll')}
          </button>
          {code && <output className="code">{code}</output>}
        </p>
      )}
      <ErrorText code={error} />
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('console.device')}</th>
            <th scope="col">{t('devices.platform')}</th>
            <th scope="col">{t('devices.apps')}</th>
            <th scope="col">{t('devices.current')}</th>
            <th scope="col">{t('console.group')}</th>
            <th scope="col">{t('devices.lastSeen', { date: '' })}</th>
          </tr>
        </thead>
        <tbody>
          {devices.map((d) => (
            <tr key={d.id}>
              <td>
                {d.name}
                {org.role === 'admin' && (
                  <span className="actions">
                    <button
                      type="button"
                      onClick={() => {
                        const name = prompt(t('devices.newName', { device: d.name }), d.name);
                        if (name) void act(() => api('PATCH', `${base(org.id)}/devices/${d.id}`, { name }));
                      }}
                    >
                      {t('devices.rename')}
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        const group = prompt(t('console.group'), d.group ?? '');
                        if (group !== null)
                          void act(() =>
                            api('PATCH', `${base(org.id)}/devices/${d.id}`, { group: group || null }),
                          );
                      }}
                    >
                      {t('console.group')}
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        if (confirm(t('console.confirmRemove', { device: d.name })))
                          void act(() => api('DELETE', `${base(org.id)}/devices/${d.id}`));
                      }}
                    >
                      {t('console.remove')}
                    </button>
                  </span>
                )}
              </td>
              <td>{d.platform}</td>
              <td>{d.apps.map((a) => `${a.app} ${a.version}`).join(', ')}</td>
              <td>{d.current.map((c) => c.productName).join(', ') || t('devices.noCurrent')}</td>
              <td>{d.group ?? t('console.noGroup')}</td>
              <td>{formatDate(d.lastSeenAt, true)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

interface MemberList {
  members: { accountId: string; email: string; name: string; role: 'admin' | 'member' }[];
  invitations: { id: string; email: string; role: string }[];
}

function Members({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [list, setList] = useState<MemberList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const load = useCallback(() => {
    api<MemberList>('GET', `${base(org.id)}/members`).then(setList, () => setError('generic'));
  }, [org.id]);
  useEffect(load, [load]);
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      load();
    } catch (e) {
      setError(errorCode(e));
    }
  };
  const invite = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const email = textField(form, 'email');
    void act(async () => {
      await api('POST', `${base(org.id)}/invitations`, { email, role: textField(form, 'role') });
      setSent(email);
      form.reset();
    });
  };
  if (!list) return <p>{t('app.loading')}</p>;
  return (
    <>
      <ul className="cards">
        {list.members.map((m) => (
          <li key={m.accountId} className="card">
            <h2>{m.name}</h2>
            <p className="meta">
              {m.email} · {t(`console.role.${m.role}`)}
            </p>
            {org.role === 'admin' && (
              <p className="actions">
                <button
                  type="button"
                  onClick={() =>
                    void act(() =>
                      api('PATCH', `${base(org.id)}/members/${m.accountId}`, {
                        role: m.role === 'admin' ? 'member' : 'admin',
                      }),
                    )
                  }
                >
                  {m.role === 'admin' ? t('console.makeMember') : t('console.makeAdmin')}
                </button>
                <button
                  type="button"
                  onClick={() => void act(() => api('DELETE', `${base(org.id)}/members/${m.accountId}`))}
                >
                  {t('console.remove')}
                </button>
              </p>
            )}
          </li>
        ))}
        {list.invitations.map((i) => (
          <li key={i.id} className="card">
            <h2>{i.email}</h2>
            <p className="meta">{t('console.pending')}</p>
          </li>
        ))}
      </ul>
      <ErrorText code={error} />
      {org.role === 'admin' && (
        <form onSubmit={invite} className="card inline">
          <label>
            {t('auth.email')}
            <input name="email" type="email" required />
          </label>
          <label>
            {t('console.action')}
            <select name="role" defaultValue="member">
              <option value="member">{t('console.role.member')}</option>
              <option value="admin">{t('console.role.admin')}</option>
            </select>
          </label>
          <button type="submit" className="primary">
            {t('console.invite')}
          </button>
        </form>
      )}
      {sent && (
        <p role="status" className="ok">
          {t('console.inviteSent', { email: sent })}
        </p>
      )}
    </>
  );
}

interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

function Audit({ org }: { org: Org }) {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const q = action ? `?action=${encodeURIComponent(action)}` : '';
    api<{ entries: AuditEntry[] }>('GET', `${base(org.id)}/audit${q}`).then(
      (r) => setEntries(r.entries),
      (e: unknown) => setError(errorCode(e)),
    );
  }, [org.id, action]);
  const actions = [
    'delivery.send',
    'delivery.undo',
    'device.enroll',
    'device.update',
    'device.remove',
    'member.invite',
    'member.join',
    'member.role',
    'member.remove',
  ];
  if (error) return <ErrorText code={error} />;
  return (
    <>
      <p className="actions">
        <label>
          {t('console.action')}
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{t('console.all')}</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <a
          href={`${base(org.id)}/audit.csv${action ? `?action=${encodeURIComponent(action)}` : ''}`}
          download
        >
          {t('console.exportCsv')}
        </a>
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('console.when')}</th>
            <th scope="col">{t('console.who')}</th>
            <th scope="col">{t('console.what')}</th>
            <th scope="col">{t('console.from')}</th>
            <th scope="col">{t('console.details')}</th>
          </tr>
        </thead>
        <tbody>
          {(entries ?? []).map((e) => (
            <tr key={e.id}>
              <td>{formatDate(e.at, true)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.ip}</td>
              <td>
                <code>{JSON.stringify(e.detail)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function AcceptInvitation({ token, onAccepted }: { token: string; onAccepted: () => void }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const accept = async () => {
    try {
      const org = await api<{ id: string; name: string }>('POST', '/v1/console/invitations/accept', {
        token,
      });
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
