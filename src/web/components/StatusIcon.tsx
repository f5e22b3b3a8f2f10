import { useTranslation } from 'react-i18next';

const GLYPH: Record<string, string> = {
  pending: '⏳',
  delivered: '⇣',
  action_required: '!',
  completed: '✓',
  active: '✓',
  failed: '✕',
  cancelled: '↶',
  expired: '⌛',
};

/** The status of a delivery as an icon with its words; the words are what screen readers say. */
export function StatusIcon({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`status status-${status}`} data-status={status}>
      <span aria-hidden="true" className="glyph">
        {GLYPH[status] ?? '?'}
      </span>
      <span className="status-text">{t(`status.${status}`)}</span>
    </span>
  );
}
