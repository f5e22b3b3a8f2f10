import { parseDate } from '@internationalized/date';
import type { CalendarDate } from '@internationalized/date';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  Label,
  Popover,
} from 'react-aria-components';
import '../../styles/date-field.css';

/**
 * A day, typed or picked from a calendar, in the page's language: "29/11/2026" in English,
 * "29.11.2026" in Danish, whatever the browser's own locale (a native date input follows the
 * browser's, so a Danish page showed mm/dd/yyyy). `value` and `onChange` speak ISO days
 * ("2026-11-29"; "" for none), as the native input did.
 */
export function DateField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (day: string) => void;
}) {
  const { t } = useTranslation();
  const day = toCalendarDate(value);
  return (
    <DatePicker
      className="date-field"
      value={day}
      onChange={(d: CalendarDate | null) => onChange(d ? d.toString() : '')}
      granularity="day"
    >
      <Label>{label}</Label>
      <Group className="date-field-group">
        <DateInput className="date-field-input">
          {(segment) => <DateSegment segment={segment} className="date-field-segment" />}
        </DateInput>
        <Button className="date-field-button" aria-label={t('dialogs.date.open')}>
          <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16">
            <path
              fill="currentColor"
              d="M4 0h1v2h6V0h1v2h2a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1h2V0zM2 6v9h12V6H2z"
            />
          </svg>
        </Button>
      </Group>
      <Popover className="date-field-popover">
        <Dialog className="date-field-dialog">
          <Calendar>
            <header className="date-field-header">
              <Button slot="previous" aria-label={t('dialogs.date.previous')}>
                ‹
              </Button>
              <Heading />
              <Button slot="next" aria-label={t('dialogs.date.next')}>
                ›
              </Button>
            </header>
            <CalendarGrid>{(date) => <CalendarCell date={date} className="date-field-cell" />}</CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
}

function toCalendarDate(value: string): CalendarDate | null {
  if (!value) return null;
  try {
    return parseDate(value);
  } catch {
    return null;
  }
}
