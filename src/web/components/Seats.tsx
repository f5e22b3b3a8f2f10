import { useTranslation } from 'react-i18next';
import type { Subscription } from '../api.ts';

/** "3 of 5 devices in use", and how many more are on their way when any are. */
export function Seats({
  subscription,
  reserved = false,
}: {
  subscription: Subscription;
  reserved?: boolean;
}) {
  const { t } = useTranslation();
  const { seats, unit } = subscription;
  return (
    <>
      {t('subscriptions.seats', { context: unit, count: seats.total, used: seats.used })}
      {reserved && seats.reserved > 0 && <> · {t('subscriptions.reserved', { count: seats.reserved })}</>}
    </>
  );
}
