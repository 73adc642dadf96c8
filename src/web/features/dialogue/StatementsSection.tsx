import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateStatement, useMeetingStatements, usePutMinutesToAdoption } from '../../api/dialogue';
import { navigate } from '../../app/router';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Meeting } from '../../../shared/contracts/dialogue';

/** Clauses typed as paragraphs: one clause per paragraph (separated by an empty line). */
export const clausesOf = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((c) => c.trim())
    .filter(Boolean);

/** A meeting's joint statements, and for its organisers a form to draft one. */
export function StatementsSection({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const statements = useMeetingStatements(meeting.id);
  return (
    <section aria-labelledby="statements-heading">
      <h2 id="statements-heading">{t('statements.title')}</h2>
      {statements.error && <ErrorMessage error={statements.error} />}
      {statements.data && statements.data.items.length === 0 && (
        <p className="muted">{meeting.can.organise ? t('statements.emptyOrganise') : t('statements.empty')}</p>
      )}
      {statements.data && statements.data.items.length > 0 && (
        <ul className="statements">
          {statements.data.items.map((s) => (
            <li key={s.id}>
              <AppLink to={`/statements/${s.id}`}>{s.title}</AppLink>{' '}
              {s.minutesOf && <span className="tag">{t('statements.minutesTag')}</span>}{' '}
              <span className="muted">
                {t(`statements.statuses.${s.status}`)} · {t('statements.clauseCount', { count: s.clauseCount })}
              </span>{' '}
              <small className="marking">{s.label.marking}</small>
            </li>
          ))}
        </ul>
      )}
      {meeting.can.organise && <MinutesAdoption meeting={meeting} />}
      {meeting.can.organise && <DraftForm meeting={meeting} />}
    </section>
  );
}

/** For the host's organisers: put the draft minutes to the participants, adopted like a statement. */
function MinutesAdoption({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const put = usePutMinutesToAdoption(meeting.id);
  return (
    <div className="minutes-adoption">
      <button
        type="button"
        disabled={put.isPending}
        aria-describedby="minutes-adoption-hint"
        onClick={() => put.mutate(undefined, { onSuccess: (s) => navigate(`/statements/${s.id}`) })}
      >
        {t('statements.putMinutes')}
      </button>
      <p id="minutes-adoption-hint" className="hint">
        {t('statements.putMinutesHint')}
      </p>
      <ErrorMessage error={put.error} />
    </div>
  );
}

function DraftForm({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const create = useCreateStatement(meeting.id);
  const [title, setTitle] = useState('');
  const [preamble, setPreamble] = useState('');
  const [clauses, setClauses] = useState('');
  return (
    <form
      className="statement-form"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          { title, preamble, clauses: clausesOf(clauses), language: 'en' },
          { onSuccess: (s) => navigate(`/statements/${s.id}`) },
        );
      }}
    >
      <h3>{t('statements.draft')}</h3>
      <label>
        {t('statements.statementTitle')}
        <input name="statement-title" required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {t('statements.preamble')}
        <textarea name="statement-preamble" rows={2} maxLength={10000} value={preamble} onChange={(e) => setPreamble(e.target.value)} />
      </label>
      <label>
        {t('statements.clausesInput')}
        <textarea
          name="statement-clauses"
          rows={6}
          value={clauses}
          onChange={(e) => setClauses(e.target.value)}
          aria-describedby="clauses-hint"
        />
      </label>
      <p id="clauses-hint" className="hint">
        {t('statements.clausesHint')}
      </p>
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>
        {t('statements.draftButton')}
      </button>
    </form>
  );
}
