import { useTranslation } from 'react-i18next';
import { formatLocal, formatLocalDate, formatUtc } from '../../shared/time/format-moment';

/**
 * A moment as Concord writes it: UTC first (ISO order, the same in every language), the reader's
 * own time beside it with the month as a word. `day` shows the day alone.
 */
export function Moment({ at, day = false }: { at: string; day?: boolean }) {
  const { i18n } = useTranslation();
  // A day alone is a calendar day in UTC, named with the month as a word: no clock, no puzzle.
  if (day)
    return (
      <time className="moment" dateTime={at.slice(0, 10)}>
        {formatLocalDate(at, i18n.language, 'UTC')}
      </time>
    );
  const utc = formatUtc(at);
  const local = formatLocal(at, i18n.language);
  return (
    <span className="moment">
      <time dateTime={at} dir="ltr">
        {utc}
      </time>{' '}
      <small className="muted">({local})</small>
    </span>
  );
}
