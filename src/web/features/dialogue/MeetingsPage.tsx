import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMeetings } from '../../api/dialogue';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { inVenueZone } from './meeting-time';

/** Meetings of the strategic dialogue the reader may read, soonest first: upcoming ones, or all. */
export function MeetingsPage({ canOrganise }: { canOrganise: boolean }) {
  const { t, i18n } = useTranslation();
  const [upcoming, setUpcoming] = useState(true);
  // The start of today: a meeting under way today still shows as upcoming.
  const [from] = useState(() => `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
  const meetings = useMeetings(upcoming ? from : null);
  const items = meetings.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <MarkingBanner markings={items.map((m) => m.label)} />
      <h1>{t('dialogue.title')}</h1>
      {canOrganise && (
        <p>
          <AppLink to="/meetings/new">{t('dialogue.organise')}</AppLink>
        </p>
      )}
      <label>
        {t('dialogue.show')}
        <select name="when" value={upcoming ? 'upcoming' : 'all'} onChange={(e) => setUpcoming(e.target.value === 'upcoming')}>
          <option value="upcoming">{t('dialogue.upcoming')}</option>
          <option value="all">{t('dialogue.all')}</option>
        </select>
      </label>
      <ErrorMessage error={meetings.error} />
      {meetings.isPending && <p>{t('notes.loading')}</p>}
      {meetings.data && items.length === 0 && <p className="empty">{t(canOrganise ? 'dialogue.emptyOrganise' : 'dialogue.empty')}</p>}
      {items.length > 0 && (
        <table data-testid="meetings">
          <thead>
            <tr>
              <th>{t('dialogue.starts')}</th>
              <th>{t('dialogue.meeting')}</th>
              <th>{t('dialogue.kind')}</th>
              <th>{t('dialogue.host')}</th>
              <th>{t('dialogue.participants')}</th>
              <th>{t('dialogue.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td>{inVenueZone(m.startsAt, m.timeZone, i18n.language)}</td>
                <td>
                  <AppLink to={`/meetings/${m.id}`}>{m.title}</AppLink>
                </td>
                <td>{t(`dialogue.kinds.${m.kind}`)}</td>
                <td>{m.host}</td>
                <td>{m.participants.join(', ')}</td>
                <td>{t(`dialogue.statuses.${m.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {meetings.hasNextPage && (
        <button type="button" onClick={() => void meetings.fetchNextPage()} disabled={meetings.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
    </section>
  );
}
