import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocal, monthNames } from '../../shared/time/format-moment';
import { partsFromValue, valueFromParts } from './date-parts';
import type { DateMode, DateParts } from './date-parts';
import './date-time-input.css';

interface Props {
  /** The field's name; its parts are `<name>-day`, `-month`, `-year` and `-time`. */
  name: string;
  label: string;
  /** `YYYY-MM-DD` (mode date) or `YYYY-MM-DDTHH:MMZ` (mode datetime), in UTC; '' when empty. */
  value: string;
  onChange: (value: string) => void;
  mode?: DateMode;
  required?: boolean;
  /** For whole days counted in a zone of their own (a busy block's): the zone named instead of UTC. */
  zone?: string;
  /** The id of the server's message about this field, when it has one: the fields are marked invalid and described by it. */
  errorId?: string | undefined;
}

/**
 * A date (and time) in the app's language rather than the browser's: day, the month as a word,
 * year and time, stated as UTC, with the reader's own time beside it. Replaces `type="date"` and
 * `datetime-local`, which follow the browser's locale and zone.
 */
export function DateTimeInput({ name, label, value, onChange, mode = 'datetime', required = false, zone, errorId: serverErrorId }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [parts, setParts] = useState<DateParts>(() => partsFromValue(value));
  const dayRef = useRef<HTMLInputElement>(null);
  const spelled = valueFromParts(parts, mode);
  const invalid = spelled === null;

  // A value set from outside (a reset, a loaded record) replaces what the fields show; only a
  // change of value re-reads it, so typing half a date is never overwritten.
  useEffect(() => {
    if (value !== (valueFromParts(parts, mode) ?? value)) setParts(partsFromValue(value));
  }, [value]);

  useEffect(() => {
    dayRef.current?.setCustomValidity(invalid ? t('dates.invalid') : '');
  }, [invalid, t]);

  const update = (field: keyof DateParts) => (e: { target: { value: string } }) => {
    const next = { ...parts, [field]: e.target.value };
    setParts(next);
    const v = valueFromParts(next, mode);
    onChange(v ?? '');
  };
  const errorId = `${id}-error`;
  const describedBy = [invalid ? errorId : null, serverErrorId ?? null].filter(Boolean).join(' ') || undefined;

  return (
    <fieldset className="date-time-input" data-name={name}>
      <legend>{label}</legend>
      <div className="date-time-fields">
        <label>
          {t('dates.day')}
          <input
            ref={dayRef}
            name={`${name}-day`}
            inputMode="numeric"
            autoComplete="off"
            size={2}
            maxLength={2}
            required={required}
            aria-invalid={invalid || Boolean(serverErrorId) || undefined}
            aria-describedby={describedBy}
            value={parts.day}
            onChange={update('day')}
          />
        </label>
        <label>
          {t('dates.month')}
          <select name={`${name}-month`} required={required} value={parts.month} onChange={update('month')} aria-describedby={describedBy}>
            <option value="">—</option>
            {monthNames(i18n.language).map((m, i) => (
              <option key={m} value={String(i + 1)}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dates.year')}
          <input
            name={`${name}-year`}
            inputMode="numeric"
            autoComplete="off"
            size={4}
            maxLength={4}
            required={required}
            aria-describedby={describedBy}
            value={parts.year}
            onChange={update('year')}
          />
        </label>
        {mode === 'datetime' && (
          <label>
            {t('dates.time')}
            <input
              name={`${name}-time`}
              inputMode="numeric"
              autoComplete="off"
              placeholder="HH:MM"
              size={5}
              maxLength={5}
              required={required}
              aria-describedby={describedBy}
              value={parts.time}
              onChange={update('time')}
            />
          </label>
        )}
        <span className="date-time-zone">{mode === 'date' && zone ? zone : t('dates.utc')}</span>
      </div>
      {invalid ? (
        <small id={errorId} className="field-error" role="alert">
          {t('dates.invalid')}
        </small>
      ) : (
        mode === 'datetime' &&
        spelled && <small className="muted">{t('dates.yourTime', { time: formatLocal(spelled, i18n.language) })}</small>
      )}
    </fieldset>
  );
}
