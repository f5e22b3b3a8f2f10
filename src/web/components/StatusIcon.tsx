import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryStatus } from '../../domain/delivery.ts';

type Shown = DeliveryStatus | 'active';

// SVG paths on a 16×16 grid, drawn with the text's colour: no emoji font needed (an hourglass
// glyph showed as an empty box where there was none).
const clock = (
  <>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M8 4.5V8l2.5 1.5" />
  </>
);
const tick = <path d="M3.5 8.5l3 3 6-7" />;
const PATHS: Record<Shown, ReactElement> = {
  pending: clock,
  delivered: <path d="M8 2.5v8M4.5 7.5L8 11l3.5-3.5M3 13.5h10" />,
  action_required: (
    <>
      <path d="M8 2l6.5 11.5h-13z" />
      <path d="M8 6.5v3.5M8 11.75v.25" />
    </>
  ),
  completed: tick,
  active: tick,
  failed: <path d="M4 4l8 8M12 4l-8 8" />,
  cancelled: <path d="M6 3.5L3 6.5l3 3M3 6.5h6.5a3.5 3.5 0 010 7H7" />,
  expired: (
    <>
      {clock}
      <path d="M2.5 13.5l11-11" />
    </>
  ),
};

/** The status of a delivery as an icon with its words; the words are what screen readers say. */
export function StatusIcon({ status }: { status: string }) {
  const { t } = useTranslation();
  const path = PATHS[status as Shown];
  return (
    <span className={`status status-${status}`} data-status={status}>
      <svg
        aria-hidden="true"
        className="glyph"
        viewBox="0 0 16 16"
        width="1em"
        height="1em"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        {path ?? <circle cx="8" cy="8" r="6.25" />}
      </svg>
      <span className="status-text">{t(`status.${status}`)}</span>
    </span>
  );
}
