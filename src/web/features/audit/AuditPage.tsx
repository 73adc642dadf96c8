import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditLog } from '../../api/audit';
import { AppLink } from '../../components/AppLink';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Moment } from '../../components/Moment';
import { AUDIT_OUTCOMES } from '../../../shared/contracts/audit';
import type { AuditFilter } from '../../api/audit';
import type { AuditEntry } from '../../../shared/contracts/audit';
import type { SessionResponse } from '../../../shared/contracts/auth';
import './audit.css';

/** Where a target opens in the app; the record's own page decides whether this reader may see it. */
const TARGET_PATHS: Record<string, string> = {
  incident: '/incidents/',
  note: '/notes/',
  actor: '/actors/',
  indicator: '/indicators/',
  alert: '/alerts/',
  crisis: '/crises/',
  desk: '/desks/',
};

/** A time typed in the form (a `datetime-local` value, read as UTC) as an ISO instant. */
/** `YYYY-MM-DDTHH:MMZ` from the date input, as the API takes it. */
const utcInstant = (value: string) => {
  const at = value ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
};

/**
 * The node's audit log for node administrators: newest first, filtered by actor, action, outcome
 * and time (UTC), page by page. Entries show what they hold — ids, not titles
 * (docs/decisions/0029-the-audit-log-shows-what-its-entries-hold.md).
 */
export function AuditPage({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ actor: '', action: '', outcome: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  if (!session.permissions.includes('audit.read')) return <p>{t('audit.adminsOnly')}</p>;
  const field = (name: keyof typeof draft) => ({
    name,
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  return (
    <section className="audit-page">
      <h1>{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <form
        className="audit-filter"
        aria-label={t('audit.filter')}
        onSubmit={(event) => {
          event.preventDefault();
          const chosen: AuditFilter = {};
          if (draft.actor.trim()) chosen.actor = draft.actor.trim();
          if (draft.action.trim()) chosen.action = draft.action.trim().replace(/\.$/, '');
          if (draft.outcome) chosen.outcome = draft.outcome;
          const from = utcInstant(draft.from);
          const to = utcInstant(draft.to);
          if (from) chosen.from = from;
          if (to) chosen.to = to;
          setFilter(chosen);
        }}
      >
        <label>
          {t('audit.actor')}
          <input {...field('actor')} autoComplete="off" placeholder="pak.analyst" dir="ltr" />
        </label>
        <label>
          {t('audit.action')}
          <input {...field('action')} autoComplete="off" placeholder="user" dir="ltr" aria-describedby="audit-action-hint" />
        </label>
        <label>
          {t('audit.outcome')}
          <select {...field('outcome')}>
            <option value="">{t('audit.anyOutcome')}</option>
            {AUDIT_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`audit.outcomes.${outcome}`)}
              </option>
            ))}
          </select>
        </label>
        <DateTimeInput name="from" label={t('audit.from')} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
        <DateTimeInput name="to" label={t('audit.to')} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        <p id="audit-action-hint" className="muted audit-hint">
          {t('audit.actionHint')}
        </p>
        <div className="audit-filter-buttons">
          <button type="submit">{t('audit.apply')}</button>
          <button
            type="button"
            onClick={() => {
              setDraft({ actor: '', action: '', outcome: '', from: '', to: '' });
              setFilter({});
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      <AuditEntries filter={filter} />
    </section>
  );
}

function AuditEntries({ filter }: { filter: AuditFilter }) {
  const { t } = useTranslation();
  const log = useAuditLog(filter);
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <ErrorMessage error={log.error} />
      {log.isPending && <p className="loading">{t('audit.loading')}</p>}
      {log.data && entries.length === 0 && <p className="empty">{t('audit.none')}</p>}
      {entries.length > 0 && (
        <ol className="audit-entries" data-testid="audit-entries">
          {entries.map((entry) => (
            <AuditLine key={entry.seq} entry={entry} />
          ))}
        </ol>
      )}
      {log.hasNextPage && (
        <button type="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t('audit.older')}
        </button>
      )}
    </>
  );
}

function AuditLine({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const path = entry.target ? TARGET_PATHS[entry.target.kind] : undefined;
  const details = Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : '';
  return (
    <li className={`audit-entry audit-${entry.outcome}`} data-action={entry.action}>
      <div className="audit-when">
        <Moment at={entry.at} />
      </div>
      <div className="audit-what">
        <bdi className="audit-actor">{entry.actor}</bdi> <code className="audit-action">{entry.action}</code>{' '}
        {entry.outcome !== 'ok' && <span className="status audit-outcome">{t(`audit.outcomes.${entry.outcome}`, entry.outcome)}</span>}
      </div>
      {entry.target && (
        <div className="audit-target">
          {t('audit.target')}: {entry.target.kind}{' '}
          {path ? (
            <AppLink to={`${path}${entry.target.id}`}>
              <bdi>{entry.target.id}</bdi>
            </AppLink>
          ) : (
            <bdi>{entry.target.id}</bdi>
          )}
        </div>
      )}
      {details && (
        <code className="audit-details" dir="ltr">
          {details}
        </code>
      )}
    </li>
  );
}
