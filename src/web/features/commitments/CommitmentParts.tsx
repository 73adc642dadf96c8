/** What the commitments page, a commitment's page and a meeting's page show alike: status, source, the tracker, the list. */
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { Moment } from '../../components/Moment';
import { commitmentsAddress } from './commitment-address';
import type { CommitmentFilters } from '../../api/commitments';
import type { CommitmentSummary, CommitmentTracker } from '../../../shared/contracts/commitments';
import type { CommitmentStatus } from '../../../shared/vocab/dialogue';
import './commitments.css';

/** Where a commitment stands, in words (its colour only repeats them). */
export function StatusBadge({ status }: { status: CommitmentStatus }) {
  const { t } = useTranslation();
  return <span className={`state-word commitment-${status}`}>{t(`commitments.statuses.${status}`)}</span>;
}

/** Past its due date and neither done nor dropped. */
/** The owner nations of a commitment, one checkbox each (named `${prefix}-${nation}`), among the meeting's nations. */
export function OwnerNationsField({
  prefix,
  nations,
  owners,
  onChange,
}: {
  prefix: string;
  nations: readonly string[];
  owners: readonly string[];
  onChange: (owners: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('commitments.owners')}</legend>
      {nations.map((n) => (
        <label key={n} className="check">
          <input
            type="checkbox"
            name={`${prefix}-${n}`}
            checked={owners.includes(n)}
            onChange={() => onChange(owners.includes(n) ? owners.filter((o) => o !== n) : [...owners, n])}
          />
          {n}
        </label>
      ))}
    </fieldset>
  );
}

export function OverdueMark() {
  const { t } = useTranslation();
  return <span className="state-word commitment-overdue">{t('commitments.overdue')}</span>;
}

/**
 * Where it was made: the statement (its page), an agenda item's minutes (the meeting's page) or,
 * for an action on an exercise's observation, the observation (its page); nothing when unknown or unreadable.
 */
export function SourceLink({ commitment: c }: { commitment: Pick<CommitmentSummary, 'source' | 'meetingId'> }) {
  const { t } = useTranslation();
  if (!c.source) return null;
  if (c.source.kind === 'statement')
    return (
      <AppLink to={`/statements/${c.source.id}`}>
        {t('commitments.fromStatement')} <bdi>{c.source.title}</bdi>
      </AppLink>
    );
  if (c.source.kind === 'observation')
    return (
      <AppLink to={`/observations/${c.source.id}`}>
        {t('commitments.fromObservation')} <bdi>{c.source.title}</bdi>
      </AppLink>
    );
  return (
    <AppLink to={`/meetings/${c.meetingId}`}>
      {t('commitments.fromMinutes')} <bdi>{c.source.title}</bdi>
    </AppLink>
  );
}

const COLUMNS = [
  { key: 'planned', filter: { status: 'planned' } },
  { key: 'inProgress', filter: { status: 'in-progress' } },
  { key: 'done', filter: { status: 'done' } },
  { key: 'dropped', filter: { status: 'dropped' } },
  { key: 'overdue', filter: { overdue: true } },
] as const;

/**
 * The tracker: owner nations by status, with how many are overdue. Each nation and each count
 * is a link to the list of the commitments it counts (`base`: the filter the tracker was asked with).
 */
export function TrackerTable({
  tracker,
  base = {},
  labelledBy,
}: {
  tracker: CommitmentTracker;
  base?: CommitmentFilters;
  labelledBy: string;
}) {
  const { t } = useTranslation();
  return (
    <table className="commitment-tracker" data-testid="commitment-tracker" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{t('commitments.nation')}</th>
          {COLUMNS.map((c) => (
            <th key={c.key} scope="col">
              {t(`commitments.tracker.${c.key}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {tracker.nations.map((row) => (
          <tr key={row.nation} data-testid={`tracker-${row.nation}`}>
            <th scope="row">
              <AppLink to={commitmentsAddress({ ...base, nation: row.nation })}>{row.nation}</AppLink>
            </th>
            {COLUMNS.map((c) => (
              <td
                key={c.key}
                data-testid={`tracker-${row.nation}-${c.key}`}
                className={c.key === 'overdue' && row[c.key] > 0 ? 'late' : undefined}
              >
                {row[c.key] > 0 ? (
                  <AppLink to={commitmentsAddress({ ...base, nation: row.nation, ...c.filter })}>{row[c.key]}</AppLink>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Commitments, soonest due first: what, whose, when, where it stands, where it was made (unless
 * `source` is false: all made in one place) and at which meeting (unless `meeting` is false).
 */
export function CommitmentTable({
  items,
  meeting = true,
  source = true,
}: {
  items: CommitmentSummary[];
  meeting?: boolean;
  source?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <table className="commitments" data-testid="commitments">
      <thead>
        <tr>
          <th scope="col">{t('commitments.due')}</th>
          <th scope="col">{t('commitments.commitment')}</th>
          <th scope="col">{t('commitments.owners')}</th>
          <th scope="col">{t('commitments.status')}</th>
          {meeting && <th scope="col">{t('commitments.meeting')}</th>}
          {source && <th scope="col">{t('commitments.source')}</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id} className={c.overdue ? 'is-overdue' : undefined}>
            <td>
              <Moment at={c.dueOn} day />
            </td>
            <td>
              <AppLink to={`/commitments/${c.id}`} className="commitment-text">
                <bdi>{c.text}</bdi>
              </AppLink>{' '}
              <small className="marking">{c.label.marking}</small>
            </td>
            <td>{c.ownerNations.join(', ')}</td>
            <td>
              <StatusBadge status={c.status} />
              {c.overdue && (
                <>
                  {' '}
                  <OverdueMark />
                </>
              )}
            </td>
            {meeting && (
              <td>
                <AppLink to={`/meetings/${c.meetingId}`}>
                  <bdi>{c.meetingTitle}</bdi>
                </AppLink>
              </td>
            )}
            {source && (
              <td>
                <SourceLink commitment={c} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
