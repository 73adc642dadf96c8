import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCloseCrisis, useCrisis, useCrisisLog } from '../../api/crises';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { CrisisLog } from './CrisisLog';
import { EntryComposer } from './EntryComposer';
import { StatusBoard } from './StatusBoard';
import { formatMoment } from '../../../shared/time/format-moment';
import type { Crisis, CrisisEntry } from '../../../shared/contracts/crises';
import './crisis-room.css';

/** A crisis room: the status board, the ordered log, writing in it, closure and the after-action report. */
export function CrisisRoomPage({ id, nation }: { id: string; nation: string }) {
  const { t, i18n } = useTranslation();
  const crisis = useCrisis(id);
  const log = useCrisisLog(id);
  if (crisis.isPending) return <p>{t('notes.loading')}</p>;
  if (crisis.error) return <ErrorMessage error={crisis.error} />;
  const c = crisis.data;
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const report = (format: string) => `/api/crises/${encodeURIComponent(c.id)}/report?format=${format}`;
  return (
    <article className={`crisis-room ${c.exercise ? 'exercise' : ''}`}>
      {c.exercise && <div className="exercise-watermark">{t('hotline.exercise')}</div>}
      <MarkingBanner markings={[c.label, ...entries.map((e) => e.label)]} />
      <h1>
        {c.exercise && `${t('hotline.exercise')}: `}
        {c.title}
      </h1>
      <p className="muted">
        {t('crisis.declaredBy', {
          nation: c.label.originator.nation,
          name: c.declaredBy.name,
          at: formatMoment(c.declaredAt, i18n.language),
        })}{' '}
        · {t('crisis.participants')}: {c.participants.join(', ')} ·{' '}
        <strong data-testid="crisis-status">{t(`crisis.statuses.${c.status}`)}</strong>
        {c.alertId && (
          <>
            {' '}
            · <AppLink to={`/alerts/${c.alertId}`}>{t('crisis.alert')}</AppLink>
          </>
        )}
      </p>
      {c.partnerNode && <p className="muted">{t('crisis.partnerNode', { nation: c.label.originator.nation })}</p>}
      {c.summary && <p className="details">{c.summary}</p>}
      {c.status === 'closed' && (
        <section data-testid="closure">
          <h2>{t('crisis.closedOn', { at: formatMoment(c.closedAt ?? '', i18n.language) })}</h2>
          <p>{c.closingSummary}</p>
          {c.lessons && (
            <>
              <h3>{t('crisis.lessons')}</h3>
              <p>{c.lessons}</p>
            </>
          )}
        </section>
      )}
      <p className="report-links">
        {t('crisis.report')}:{' '}
        <a href={report('markdown')} download data-testid="report-markdown">
          Markdown
        </a>{' '}
        ·{' '}
        <a href={report('pdf')} download data-testid="report-pdf">
          PDF
        </a>
      </p>
      <StatusBoard board={c.board} />
      {/* The composer sits above the log, which shows the newest entry first: what was just written is in view. */}
      {c.can.contribute && <EntryComposer crisis={c} nation={nation} entries={entries} />}
      <section aria-labelledby="log-title">
        <h2 id="log-title">{t('crisis.log')}</h2>
        <p className="muted">{t('crisis.newestFirst')}</p>
        <ErrorMessage error={log.error} />
        {log.hasNextPage && (
          <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
            {t('crisis.laterEntries')}
          </button>
        )}
        {log.isPending ? <p>{t('notes.loading')}</p> : <CrisisLog crisisId={c.id} entries={entries} />}
      </section>
      {c.can.close && <CloseForm crisis={c} entries={entries} />}
    </article>
  );
}

/** Requests still waiting for help: not fulfilled, not withdrawn. */
const unfulfilled = (entries: CrisisEntry[]) =>
  entries.filter((e) => e.request && e.request.state !== 'fulfilled' && e.request.state !== 'withdrawn');

/**
 * Closing is confirmed in a second step that names what closing leaves behind: every request that
 * was never fulfilled, so the one who closes decides with them in view.
 */
function CloseForm({ crisis, entries }: { crisis: Crisis; entries: CrisisEntry[] }) {
  const { t } = useTranslation();
  const close = useCloseCrisis(crisis.id);
  const [summary, setSummary] = useState('');
  const [lessons, setLessons] = useState('');
  const [confirming, setConfirming] = useState(false);
  const open = unfulfilled(entries);
  return (
    <form
      className="close-crisis"
      aria-labelledby="close-title"
      onSubmit={(event) => {
        event.preventDefault();
        setConfirming(true);
      }}
    >
      <h2 id="close-title">{t('crisis.close')}</h2>
      <label>
        {t('crisis.howEnded')}
        <textarea name="closing-summary" required rows={3} maxLength={10000} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <label>
        {t('crisis.lessons')}
        <textarea name="lessons" rows={3} maxLength={10000} value={lessons} onChange={(e) => setLessons(e.target.value)} />
      </label>
      <ErrorMessage error={close.error} />
      {confirming ? (
        <div className="close-confirm" role="group" aria-labelledby="close-confirm-title" data-testid="close-confirm">
          <p id="close-confirm-title">
            <strong>{t('crisis.confirmClose', { title: crisis.title })}</strong>
          </p>
          {open.length > 0 && (
            <>
              <p>{t('crisis.unfulfilledWarning', { count: open.length })}</p>
              <ul data-testid="unfulfilled-requests">
                {open.map((entry) => (
                  <li key={entry.id}>
                    <bdi>{entry.nation}</bdi>: <bdi>{entry.request?.what}</bdi>
                    {entry.request?.quantity && ` (${entry.request.quantity})`} — {t(`crisis.states.${entry.request?.state ?? 'open'}`)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div className="close-buttons">
            <button
              type="button"
              className="close-crisis-button"
              disabled={close.isPending}
              onClick={() => close.mutate({ summary, lessons }, { onSettled: () => setConfirming(false) })}
            >
              {t('crisis.confirmCloseYes')}
            </button>
            <button type="button" className="keep-open" onClick={() => setConfirming(false)}>
              {t('crisis.keepOpen')}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" className="close-crisis-button" disabled={close.isPending}>
          {t('crisis.closeButton')}
        </button>
      )}
    </form>
  );
}
