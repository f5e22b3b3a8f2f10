import { useEffect, useRef } from 'react';
import type { Delivery } from './api.ts';

/**
 * Live delivery updates from one of the server's event streams: the account's (`/v1/me/events`)
 * or an organization's (`/v1/console/organizations/{org}/events`), which speak alike. A `delivery`
 * event carries the delivery's new state; `onRefresh` fires when something changed that has no
 * single delivery (a device connected or was removed, a send cancelled deliveries) and after a
 * reconnect, when events may have been missed. EventSource reconnects by itself, except after
 * `revoked`, the server's word that this holder may no longer follow the stream.
 */
export function useLiveDeliveries(
  stream: string,
  onDelivery: (d: Delivery) => void,
  onRefresh: () => void,
): void {
  const handlers = useRef({ onDelivery, onRefresh });
  useEffect(() => {
    handlers.current = { onDelivery, onRefresh };
  });
  useEffect(() => {
    const source = new EventSource(stream);
    let opened = false;
    source.addEventListener('open', () => {
      if (opened) handlers.current.onRefresh();
      opened = true;
    });
    source.addEventListener('delivery', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { delivery: Delivery };
      handlers.current.onDelivery(data.delivery);
    });
    source.addEventListener('refresh', () => handlers.current.onRefresh());
    // The holder may no longer see this (signed out elsewhere, removed from the organization, a
    // role changed): stop, and read the page again, which then says why instead of going stale.
    source.addEventListener('revoked', () => {
      source.close();
      handlers.current.onRefresh();
    });
    return () => source.close();
  }, [stream]);
}
