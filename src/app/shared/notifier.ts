/**
 * Tells the streams of this process that something changed for a topic (`device:<id>` or
 * `account:<id>`). Published after the change has committed. The in-process notifier serves a
 * single node; a shared one (PostgreSQL LISTEN/NOTIFY) serves many.
 */
export interface Notifier {
  publish(topic: string, payload?: unknown): void;
  subscribe(topic: string, listener: (payload: unknown) => void): () => void;
  close(): Promise<void>;
}

export class LocalNotifier implements Notifier {
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();

  publish(topic: string, payload?: unknown): void {
    for (const listener of this.#listeners.get(topic) ?? []) {
      try {
        listener(payload);
      } catch {
        // One broken stream must not keep the others from hearing.
      }
    }
  }

  subscribe(topic: string, listener: (payload: unknown) => void): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(topic);
    };
  }

  /** Calls every listener with no payload: "something may have changed", after missed notifications. */
  wakeAll(): void {
    for (const topic of [...this.#listeners.keys()]) this.publish(topic);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}

export const deviceTopic = (deviceId: string) => `device:${deviceId}`;
export const accountTopic = (accountId: string) => `account:${accountId}`;
export const organizationTopic = (organizationId: string) => `organization:${organizationId}`;
/** "What this account may see has changed" (a session ended, a membership removed or changed): its streams re-check. */
export const accessTopic = (accountId: string) => `access:${accountId}`;
/** "Webhook messages were written": every node's webhook sender starts at once. */
export const WEBHOOKS_TOPIC = 'webhooks';
