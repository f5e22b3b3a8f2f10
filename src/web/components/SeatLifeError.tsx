import { useTranslation } from 'react-i18next';
import { en } from '../locales/en.ts';

/** An error of the life of a seat in words: its own sentence when it has one, the portal's otherwise. */
export function SeatLifeError({ code }: { code: string | null }) {
  const { t } = useTranslation();
  if (!code) return null;
  const key = Object.hasOwn(en.seatLife.errors, code) ? `seatLife.errors.${code}` : `errors.${code}`;
  return (
    <p className="error" role="alert">
      {t(key, { defaultValue: t('errors.generic') })}
    </p>
  );
}
