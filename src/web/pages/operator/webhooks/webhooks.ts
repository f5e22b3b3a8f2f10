import type { WebhookEventType } from '../../../../domain/webhook-events.ts';
import type { Answer } from '../../../api.ts';
import { webhooksEn } from '../../../locales/webhooks.en.ts';

/** A webhook endpoint and one attempt of its log, as `/v1/staff/webhook-endpoints` answers them. */
export type Endpoint = Answer<'GET', '/v1/staff/webhook-endpoints/{id}'>;
export type Attempt = Answer<'GET', '/v1/staff/webhook-endpoints/{id}/deliveries'>['attempts'][number];
export type MadeSecret = { secret: string; previousSecretValidUntil?: string };

export const webhooksPath = '/operator/webhooks';
export const endpointPath = (id: string) => `${webhooksPath}/${encodeURIComponent(id)}`;

/**
 * The event types in the domain's order. The portal may import only types from the domain, so
 * the list is read from the English descriptions, which the type checker holds to exactly the
 * domain's list (`satisfies Record<WebhookEventType, string>`): not a second list, the same one.
 */
export const EVENT_TYPES = Object.keys(webhooksEn.events) as WebhookEventType[];

export type EventGroup = keyof typeof webhooksEn.groups;

/** Each event type's group: its prefix, with activations beside the seats they use. */
export function groupOf(type: WebhookEventType): EventGroup {
  const prefix = type.slice(0, type.indexOf('.'));
  return (prefix === 'activation' ? 'seat' : prefix) as EventGroup;
}

export const EVENT_GROUPS = (Object.keys(webhooksEn.groups) as EventGroup[]).map(
  (group) => [group, EVENT_TYPES.filter((type) => groupOf(type) === group)] as const,
);

/** What the list says once it opens after a deletion elsewhere (the detail page is gone by then). */
let flash: string | null = null;
export function setFlash(message: string): void {
  flash = message;
}
export function peekFlash(): string | null {
  return flash;
}
export function clearFlash(): void {
  flash = null;
}
