/** What the exercise pages, the exercise form, the control panel and the busy blocks page show alike: a status, a clash, a span of time, a list of rows, the way between them. */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { Moment } from '../../components/Moment';
import { formatLocal, formatLocalDate } from '../../../shared/time/format-moment';
import { eventDays } from '../calendar/calendar-grid';
import { messagesAt } from './exercise-draft';
import type { ReactNode, RefObject } from 'react';
import type { ClashView } from '../../../shared/contracts/training';
import type { ExerciseStatus } from '../../../shared/vocab/training';
import './training.css';

/** Where an exercise stands, in words (its colour only repeats them). */
export function ExerciseStatusBadge({ status }: { status: ExerciseStatus }) {
  const { t } = useTranslation();
  return <span className={`state-word exercise-${status}`}>{t(`training.statuses.${status}`)}</span>;
}

/** The way from one training screen to the others (but the one shown). */
export function TrainingLinks({ omit }: { omit?: 'exercises' | 'busy-blocks' | 'metrics' }) {
  const { t } = useTranslation();
  return (
    <p className="training-links">
      {omit !== 'exercises' && <AppLink to="/exercises">{t('shell.nav.exercises')}</AppLink>}
      {omit !== 'busy-blocks' && <AppLink to="/busy-blocks">{t('training.busy.title')}</AppLink>}
      {omit !== 'metrics' && <AppLink to="/exercises/metrics">{t('training.metrics.link')}</AppLink>}
      <AppLink to="/calendar?view=planning">{t('training.calendarLink')}</AppLink>
    </p>
  );
}

/** A span of time: two moments, or — for whole days — the first and last day, in the zone they are stated in. */
/** The same span as plain text (for a control's accessible name: two blocks of one title differ by their dates). */
export function spanText(block: { startsAt: string; endsAt: string; allDay: boolean; timeZone: string }, language: string): string {
  if (!block.allDay) return `${formatLocal(block.startsAt, language)} – ${formatLocal(block.endsAt, language)}`;
  const { first, last } = eventDays(block);
  const day = (d: string) => formatLocalDate(`${d}T00:00:00Z`, language, 'UTC');
  return last === first ? day(first) : `${day(first)} – ${day(last)}`;
}

export function Span({
  startsAt,
  endsAt,
  allDay = false,
  timeZone = 'UTC',
}: {
  startsAt: string;
  endsAt: string;
  allDay?: boolean;
  timeZone?: string;
}) {
  const { i18n } = useTranslation();
  if (allDay) {
    const { first, last } = eventDays({ startsAt, endsAt, allDay, timeZone });
    const day = (d: string) => formatLocalDate(`${d}T00:00:00Z`, i18n.language, 'UTC');
    return (
      <span className="span-days">
        <time dateTime={first}>{day(first)}</time>
        {last !== first && (
          <>
            {' – '}
            <time dateTime={last}>{day(last)}</time>
          </>
        )}{' '}
        <small className="muted">({timeZone})</small>
      </span>
    );
  }
  return (
    <span className="span-moments">
      <Moment at={startsAt} /> – <Moment at={endsAt} />
    </span>
  );
}

/** What a plan clashes with: the other exercise, busy block or public holiday, when they overlap and why, with its marking. */
export function ClashList({ clashes }: { clashes: readonly ClashView[] }) {
  const { t } = useTranslation();
  return (
    <ul className="clashes" data-testid="clashes">
      {clashes.map((clash, i) => {
        const other = clash.with;
        return (
          <li key={`${other.kind}-${'id' in other ? other.id : other.name}-${i}`} className={`clash clash-${other.kind}`}>
            <p className="clash-what">
              {other.kind === 'holiday' && (
                <>
                  <span className="clash-kind">{t('training.clashWith.holiday', { nation: other.nation })}</span> <bdi>{other.name}</bdi>
                </>
              )}
              {other.kind === 'exercise' && (
                <>
                  <span className="clash-kind">{t('training.clashWith.exercise', { nation: other.lead })}</span>{' '}
                  <AppLink to={`/exercises/${other.id}`}>
                    <bdi>{other.title}</bdi>
                  </AppLink>
                </>
              )}
              {other.kind === 'busy-block' && (
                <>
                  <span className="clash-kind">{t('training.clashWith.busy', { nation: other.nation })}</span>{' '}
                  <AppLink to="/busy-blocks">
                    <bdi>{other.title}</bdi>
                  </AppLink>
                </>
              )}
            </p>
            {other.kind !== 'holiday' && (
              <p className="marking" title={t('training.marking')}>
                {other.label.marking}
              </p>
            )}
            <p>
              {t('training.overlap')}: <Span startsAt={clash.from} endsAt={clash.to} />
            </p>
            <ul className="clash-reasons">
              {clash.reasons.map((r) => (
                <li key={`${r.reason}-${r.detail}`}>
                  {t(`training.reasons.${r.reason}`)}: <bdi>{r.detail}</bdi>
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

/** A list of rows with a button to add one (the focus goes to the new row's first field, and back to the button when a row is removed). */
export function Rows<R extends { key: number }>({
  legend,
  hint,
  empty,
  addLabel,
  rows,
  max,
  onAdd,
  render,
  error,
}: {
  legend: string;
  hint?: string;
  empty: string;
  addLabel: string;
  rows: readonly R[];
  max: number;
  onAdd: () => void;
  render: (row: R, i: number, addButton: RefObject<HTMLButtonElement | null>) => ReactNode;
  error: ReactNode;
}) {
  const addButton = useRef<HTMLButtonElement>(null);
  return (
    <fieldset className="training-rows">
      <legend>{legend}</legend>
      {hint && <p className="muted">{hint}</p>}
      {rows.length === 0 && <p className="muted">{empty}</p>}
      {rows.map((row, i) => render(row, i, addButton))}
      {error}
      <button type="button" className="secondary" ref={addButton} disabled={rows.length >= max} onClick={onAdd}>
        {addLabel}
      </button>
    </fieldset>
  );
}

export function RemoveButton({
  label,
  onRemove,
  focusAfter,
}: {
  label: string;
  onRemove: () => void;
  focusAfter: RefObject<HTMLButtonElement | null>;
}) {
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => {
        onRemove();
        focusAfter.current?.focus();
      }}
    >
      {label}
    </button>
  );
}

/**
 * A form's field errors from the server's issues: `invalid(field)` marks a field the server objected
 * to, described by the message shown at `shownAt` (the field itself, or its row); `errorAt(field)`
 * shows the messages at a field or its rows (`exact`: at the list itself only). `formId` keeps ids
 * unique on the page.
 */
export function fieldErrors(formId: string, issues: readonly { path: string; message: string }[]) {
  const errorId = (field: string) => `${formId}-${field.replace(/\./g, '-')}-error`;
  const invalid = (field: string, shownAt = field) =>
    messagesAt(issues, field).length > 0 ? { 'aria-invalid': true as const, 'aria-describedby': errorId(shownAt) } : {};
  const errorAt = (field: string, exact = false) => {
    const messages = exact ? issues.filter((i) => i.path === field).map((i) => i.message) : messagesAt(issues, field);
    return messages.length > 0 ? (
      <small className="field-error" id={errorId(field)}>
        {messages.join(' ')}
      </small>
    ) : null;
  };
  return { errorId, invalid, errorAt };
}
