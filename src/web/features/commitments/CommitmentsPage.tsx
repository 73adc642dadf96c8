import { useTranslation } from 'react-i18next';
import { useCommitmentTracker, useCommitments } from '../../api/commitments';
import { useMeeting } from '../../api/dialogue';
import { useDirectory } from '../../api/notes';
import { navigate } from '../../app/router';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { COMMITMENT_STATUSES } from '../../../shared/vocab/dialogue';
import { CommitmentTable, TrackerTable } from './CommitmentParts';
import { commitmentsAddress, filtersFromSearch } from './commitment-address';
import type { CommitmentFilters } from '../../api/commitments';
import type { CommitmentStatus } from '../../../shared/vocab/dialogue';

/**
 * Every commitment the reader may read: the tracker (owner nations by status, each count a link
 * to the commitments it counts) and the list, soonest due first, narrowed by owner nation, status,
 * overdue and meeting — the filters live in the address, so Back and links restore them.
 */
export function CommitmentsPage({ search }: { search: string }) {
  const { t } = useTranslation();
  const filters = filtersFromSearch(search);
  const tracker = useCommitmentTracker(filters.meetingId);
  const list = useCommitments(filters);
  const directory = useDirectory();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(filters.nation || filters.status || filters.overdue || filters.meetingId);
  const apply = (next: CommitmentFilters) => navigate(commitmentsAddress(next));
  const nations = [
    ...new Set([
      ...(directory.data?.nations.map((n) => n.code) ?? []),
      ...(tracker.data?.nations.map((n) => n.nation) ?? []),
      ...(filters.nation ? [filters.nation] : []),
    ]),
  ].sort();
  return (
    <section className="commitments-page">
      <MarkingBanner markings={items.map((c) => c.label)} />
      <h1>{t('commitments.title')}</h1>
      {filters.meetingId && <MeetingFilter id={filters.meetingId} onClear={() => apply({ ...filters, meetingId: undefined })} />}

      <section aria-labelledby="tracker-heading">
        <h2 id="tracker-heading">{t('commitments.trackerTitle')}</h2>
        <ErrorMessage error={tracker.error} />
        {tracker.data && tracker.data.total > 0 && (
          <>
            <p className="muted">{t('commitments.total', { count: tracker.data.total })}</p>
            <TrackerTable
              tracker={tracker.data}
              base={filters.meetingId ? { meetingId: filters.meetingId } : {}}
              labelledBy="tracker-heading"
            />
          </>
        )}
        {tracker.data && tracker.data.total === 0 && <p className="muted">{t('commitments.trackerEmpty')}</p>}
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">{t('commitments.listTitle')}</h2>
        <form className="commitment-filters" onSubmit={(event) => event.preventDefault()} aria-label={t('commitments.filters')}>
          <label>
            {t('commitments.ownerFilter')}
            <select name="nation" value={filters.nation ?? ''} onChange={(e) => apply({ ...filters, nation: e.target.value || undefined })}>
              <option value="">{t('commitments.anyNation')}</option>
              {nations.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('commitments.status')}
            <select
              name="status"
              value={filters.status ?? ''}
              onChange={(e) => apply({ ...filters, status: (e.target.value || undefined) as CommitmentStatus | undefined })}
            >
              <option value="">{t('commitments.anyStatus')}</option>
              {COMMITMENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`commitments.statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              name="overdue"
              checked={filters.overdue ?? false}
              onChange={(e) => apply({ ...filters, overdue: e.target.checked || undefined })}
            />
            {t('commitments.overdueOnly')}
          </label>
          {filtered && <AppLink to="/commitments">{t('commitments.clearFilters')}</AppLink>}
        </form>
        <ErrorMessage error={list.error} />
        {list.isPending && <p>{t('notes.loading')}</p>}
        {list.data && items.length === 0 && <p className="empty">{filtered ? t('commitments.noMatch') : t('commitments.empty')}</p>}
        {items.length > 0 && <CommitmentTable items={items} />}
        {list.hasNextPage && (
          <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {t('notes.loadMore')}
          </button>
        )}
      </section>
    </section>
  );
}

/** The meeting the list is narrowed to, by name, with a way back to all. */
function MeetingFilter({ id, onClear }: { id: string; onClear: () => void }) {
  const { t } = useTranslation();
  const meeting = useMeeting(id);
  return (
    <p>
      {t('commitments.ofMeeting')}{' '}
      <AppLink to={`/meetings/${id}`}>
        <bdi>{meeting.data?.title ?? id}</bdi>
      </AppLink>{' '}
      <button type="button" className="link-button" onClick={onClear}>
        {t('commitments.allMeetings')}
      </button>
    </p>
  );
}
