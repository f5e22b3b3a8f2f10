import { useTranslation } from 'react-i18next';
import type { Attempt } from './webhooks.ts';

/** An event type: what happened in words, and its contract name in monospace (what a receiver reads). */
export function EventName({ type }: { type: Attempt['type'] }) {
  const { t } = useTranslation();
  return (
    <span className="event-name">
      {t(`webhooks.events.${type}`)} <code className="event-code">{type}</code>
    </span>
  );
}

/** The event types an endpoint receives: all of them, or a short list behind a disclosure. */
export function EndpointEvents({ events, open }: { events: Attempt['type'][] | null; open?: boolean }) {
  const { t } = useTranslation();
  if (!events) return <span>{t('webhooks.allEvents')}</span>;
  return (
    <details className="event-list" open={open}>
      <summary>{t('webhooks.eventCount', { count: events.length })}</summary>
      <ul>
        {events.map((type) => (
          <li key={type}>
            <EventName type={type} />
          </li>
        ))}
      </ul>
    </details>
  );
}
