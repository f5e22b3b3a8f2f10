import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryStatus, DeviceApi, DeviceDelivery } from './api.ts';
import { ApiError, FINAL_STATUSES, describeError, isTransient } from './api.ts';
import { DEFAULT_RETRY_MS, backoff, formatMs } from './retry.ts';
import type { UserInput } from './user-input.ts';
import { describeReasons } from './words.ts';

/**
 * Every delivery the agent sees, from the stream or a check-in, taken through
 * ack → (action-required → the user) → complete, each one once, and its final status reported once.
 */

/** What the deliveries need of the agent that runs them. */
export type DeliveryHost = {
  api: DeviceApi;
  print: (line: string) => void;
  /** The user's answers with --ask-user; without it, a delivery is completed at once. */
  user: UserInput | undefined;
  /** Aborted when the agent stops. */
  stopped: AbortSignal;
  /** --once: the agent ends when the first delivery settles. */
  once: boolean;
  maxBackoffMs: number;
  /** Ends the agent with an exit code. */
  end: (code: number) => void;
  /** Ends the agent on an error it cannot go on after (a bug, or the device was disconnected). */
  fatal: (err: unknown) => void;
};

/** "Ended": the service said the delivery is final but not which status; an event may tell us later. */
type Settled = DeliveryStatus | 'ended';

type Task = {
  controller: AbortController;
  signal: AbortSignal;
  /** When it began waiting for the user (performance.now()), or undefined while it is not. */
  waitingSince: number | undefined;
};

export class Deliveries {
  private readonly host: DeliveryHost;
  private readonly print: (line: string) => void;
  /** Deliveries being handled now; a second sighting of one of them is ignored. */
  private readonly active = new Map<string, Task>();
  /** Deliveries whose final status has been reported, so that a replay or a check-in does not report it again. */
  private readonly settled = new Map<string, Settled>();

  constructor(host: DeliveryHost) {
    this.host = host;
    this.print = host.print;
  }

  /** Every sighting of a delivery, from the stream or a check-in, comes through here. */
  onDelivery(value: unknown): void {
    if (this.host.stopped.aborted) return;
    if (!isDeviceDelivery(value)) {
      this.print('Ignored a delivery that could not be read.');
      return;
    }
    const delivery = value;
    const known = this.settled.get(delivery.id);
    if (known !== undefined && known !== 'ended') return; // already final and reported
    if (FINAL_STATUSES.includes(delivery.status)) return this.settle(delivery.id, delivery.status);
    if (known === 'ended' || this.active.has(delivery.id)) return; // never handle one twice at once

    const controller = new AbortController();
    const task: Task = {
      controller,
      signal: AbortSignal.any([controller.signal, this.host.stopped]),
      waitingSince: undefined,
    };
    this.active.set(delivery.id, task);
    this.handle(delivery, task)
      .catch((err: unknown) => this.host.fatal(err))
      .finally(() => {
        if (this.active.get(delivery.id) === task) this.active.delete(delivery.id);
      });
  }

  /**
   * A check-in lists only the open deliveries. One that was waiting for the user before we asked
   * and is not listed has become final; without the stream, this is how a cancel is noticed.
   */
  noticeGone(askedAt: number, open: Set<unknown>): void {
    for (const [id, task] of [...this.active]) {
      if (task.waitingSince === undefined || task.waitingSince > askedAt || open.has(id)) continue;
      this.print(`Delivery ${id} is no longer waiting for you: it was cancelled or expired meanwhile.`);
      this.settle(id, 'ended');
    }
  }

  private async handle(delivery: DeviceDelivery, task: Task): Promise<void> {
    const { api, user } = this.host;
    const { id, subscription } = delivery;
    const resuming = delivery.status === 'pending' ? '' : ` (resuming: it was ${delivery.status})`;
    this.print(
      `Received delivery ${id}: ${subscription.productName} for ${subscription.app}, ` +
        `${subscription.kind}, renewal ${subscription.renewal}, expires ${day(subscription.expiresAt)}${resuming}.`,
    );
    try {
      let status = delivery.status;
      if (status === 'pending') {
        await this.step(id, task, () => api.ack(id));
        if (task.signal.aborted) return;
        this.print(`Acknowledged delivery ${id}: the app has it and is applying it.`);
        status = 'delivered';
      }
      if (user) {
        if (status === 'delivered') {
          await this.step(id, task, () => api.actionRequired(id));
          if (task.signal.aborted) return;
        }
        this.print(
          `Waiting for you to finish delivery ${id}: press Enter to start using ` +
            `${subscription.productName} in ${subscription.app}.`,
        );
        task.waitingSince = performance.now();
        await user.waitForLine(task.signal);
        task.waitingSince = undefined;
      }
      // Without --ask-user nobody would answer, so one left waiting for a user is completed at once.
      const { activation } = await this.step(id, task, () => api.complete(id));
      if (task.signal.aborted) return;
      // The service may leave out the activation (e.g. a repeated complete after it was replaced).
      const current = activation ?? subscription;
      this.print(
        `Completed delivery ${id}: ${current.productName} is now the current subscription of ` +
          `${current.app}, until ${day(current.expiresAt)}.`,
      );
      this.settle(id, 'completed');
    } catch (err) {
      // Cancelled meanwhile (already reported) or the agent is stopping: nothing more to say.
      if (task.signal.aborted) return;
      if (err instanceof ApiError && err.status === 409 && err.problem?.reasons) {
        this.print(`Refused delivery ${id}: ${describeReasons(err.problem.reasons)}.`);
        this.settle(id, 'failed');
      } else if (err instanceof ApiError && err.status < 500) {
        // Final already (cancelled, expired) or gone: the next event, if any, tells which.
        this.print(`Delivery ${id} can no longer be applied: ${err.message}`);
        this.settle(id, 'ended');
      } else {
        throw err;
      }
    }
  }

  /**
   * One call for a delivery, tried again while the failure is transient. Safe because the
   * service accepts a repeated ack, action-required or complete unchanged.
   */
  private async step<T>(id: string, task: Task, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (task.signal.aborted || !isTransient(err)) throw err;
        const delay = backoff(DEFAULT_RETRY_MS, attempt, this.host.maxBackoffMs);
        this.print(
          `Could not reach the server for delivery ${id} (${describeError(err)}); ` +
            `trying again in ${formatMs(delay)}.`,
        );
        await sleep(delay, undefined, { signal: task.signal });
      }
    }
  }

  /** Records a final status, says what it means to the user, and ends --once. */
  private settle(id: string, status: Settled): void {
    const task = this.active.get(id);
    this.settled.set(id, status);
    if (task) {
      // Stops a wait for the user, a retry or a late answer from acting on a finished delivery.
      this.active.delete(id);
      task.controller.abort();
    }
    if (status === 'cancelled') {
      const more = task?.waitingSince !== undefined ? '; there is nothing left for you to do' : '';
      this.print(`Cancelled delivery ${id}: the sender cancelled it${more}.`);
    } else if (status === 'expired') {
      this.print(`Delivery ${id} expired before it was completed.`);
    } else if (!task && (status === 'completed' || status === 'failed')) {
      // Seen final without us having handled it, e.g. finished by an earlier run.
      this.print(`Delivery ${id} is already ${status}.`);
    }
    if (this.host.once) this.host.end(0);
  }
}

function isDeviceDelivery(value: unknown): value is DeviceDelivery {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Partial<DeviceDelivery>;
  return (
    typeof d.id === 'string' &&
    typeof d.status === 'string' &&
    typeof d.subscription === 'object' &&
    d.subscription !== null
  );
}

/** "2026-03-01T10:00:00Z" → "2026-03-01": the day is what a user cares about. */
function day(timestamp: string): string {
  return timestamp.slice(0, 10);
}
