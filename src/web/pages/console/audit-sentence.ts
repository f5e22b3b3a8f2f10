import type { TFunction } from 'i18next';
import type { Answer } from '../../api.ts';
import type { AuditAction } from '../../../domain/console-lists.ts';
import { consoleFleetEn } from '../../locales/console-fleet.en.ts';

export type AuditPage = Answer<'GET', '/v1/console/organizations/{org}/audit'>;
export type AuditEntry = AuditPage['entries'][number];

/** Every action the log records, in the order the filter offers them. */
export const AUDIT_ACTIONS = Object.keys(consoleFleetEn.audit) as AuditAction[];

function isAction(action: string): action is AuditAction {
  return Object.hasOwn(consoleFleetEn.audit, action);
}

type Detail = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const deviceIds = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((x: Detail) => str(x?.deviceId)).filter((x): x is string => !!x) : [];

/**
 * An audit entry as a sentence in the reader's language, with names instead of ids ("Anna sent
 * Small Office Security to Reception PC and 2 more."), and the lines that add to it.
 */
export function auditSentence(
  t: TFunction,
  e: AuditEntry,
  names: Record<string, string>,
): { sentence: string; more: string[] } {
  const d: Detail = e.detail;
  const name = (id: string | null | undefined) => (id ? names[id] : undefined);
  const target = (type: string) => (e.targetType === type ? e.targetId : null);
  const list = (ids: string[]) => {
    const known = ids.map((id) => names[id] ?? t('consoleFleet.aDevice'));
    if (known.length <= 3) return known.join(', ') || t('consoleFleet.devices', { count: 0 });
    return t('consoleFleet.andMore', { names: known.slice(0, 3).join(', '), count: known.length - 3 });
  };
  const role = str(d.role) ?? str(d.to);
  const devicesOf =
    e.action === 'delivery.send_refused'
      ? deviceIds(d.refused)
      : e.action === 'delivery.undo_send'
        ? deviceIds(d.cancelled)
        : deviceIds(d.sent);
  const values = {
    actor: e.actorName ?? e.actor ?? t('consoleFleet.someone'),
    subscription: name(target('subscription')) ?? name(str(d.subscriptionId)) ?? '',
    devices: list(devicesOf),
    device: name(target('device')) ?? name(str(d.deviceId)) ?? str(d.name) ?? t('consoleFleet.aDevice'),
    member: name(target('member')) ?? name(str(d.forAccountId)) ?? '',
    email: str(d.email) ?? name(e.targetId) ?? '',
    // A role inside a sentence is a common noun: "as administrator", "som administrator".
    role: role === 'admin' || role === 'member' ? t(`console.role.${role}`).toLocaleLowerCase() : '',
    name: str(d.name) ?? '',
    interpolation: { escapeValue: false },
  };
  const forSelf = e.action === 'connect_code.create' && !d.forAccountId;
  const sentence = forSelf
    ? t('consoleFleet.connectCodeSelf', values)
    : isAction(e.action)
      ? t(`consoleFleet.audit.${e.action}`, values)
      : t('consoleFleet.other', values);
  const more: string[] = [];
  const refused = Array.isArray(d.refused) ? (d.refused as Detail[]) : [];
  if (e.action === 'delivery.send_refused') {
    const reasons = [
      ...new Set(
        refused.flatMap((r) => (Array.isArray(r.reasons) ? (r.reasons as unknown[]).map(String) : [])),
      ),
    ];
    more.push(
      t('consoleFleet.refusedBecause', {
        reasons: reasons.map((r) => t(`reasons.${r}`, { defaultValue: t('errors.generic') })).join(' '),
      }),
    );
  } else if (e.action === 'delivery.send' && refused.length > 0)
    more.push(t('console.refusedResult', { count: refused.length }));
  if (e.action === 'delivery.undo_send' && Array.isArray(d.notUndone) && d.notUndone.length > 0)
    more.push(t('consoleFleet.notUndone', { count: d.notUndone.length }));
  const change = (key: 'renamed' | 'regrouped', v: unknown) => {
    const c = v as { from?: string | null; to?: string | null } | undefined;
    if (c && typeof c === 'object')
      more.push(
        t(`consoleFleet.${key}`, {
          from: c.from ?? t('console.noGroup'),
          to: c.to ?? t('console.noGroup'),
          interpolation: { escapeValue: false },
        }),
      );
  };
  if (e.action === 'device.update') {
    change('renamed', d.name);
    change('regrouped', d.group);
  }
  return { sentence, more };
}
