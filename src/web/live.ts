import { useEffect, useRef } from 'react';
import type { Delivery } from './api.ts';

/**
 * Live delivery updates from the server (`/v1/me/events`): EventSource reconnects by itself;
 * `onRefresh` fires when something changed that has no single delivery (or after a reconnect).
 */
export function useLiveDeliveries(onDelivery: (d: Delivery) => void, onRefresh: () => void): void {
  const handlers = useRef({ onDelivery, onRefresh });
  handlers.current = { onDelivery, onRefresh };
  useEffect(() => {
    const source = new EventSource('/v1/me/events');
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
    return () => source.close();
  }, []);
}
