import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useAddClause,
  useAddComment,
  useCallOffSilence,
  useDecideAmendment,
  useGivePositions,
  useGiveWord,
  useMoveClause,
  useUpdateStatement,
  usePublishStatement,
  useTranslateStatement,
  useProposeAmendment,
  useRemoveClause,
  useStartSilence,
  useStatement,
  useUpdateClause,
  useWithdrawStatement,
} from '../../api/dialogue';
import { AppLink } from '../../components/AppLink';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';
import { WordParts } from '../../components/VersionDiff';
import { wordDiff } from '../../components/version-diff';
import { STANCES } from '../../../shared/vocab/dialogue';
import { STATEMENT_LANGUAGES } from '../../../shared/contracts/statements';
import { clausesOf } from './StatementsSection';
import { LANGUAGES } from '../../i18n';
import type { CellView, Statement, StatementLanguage } from '../../../shared/contracts/statements';
import type { Stance } from '../../../shared/vocab/dialogue';
import './dialogue.css';

type Clause = Statement['clauses'][number];

/**
 * A joint statement: its clauses (each with its versions, reservations and the amendments
 * proposed), the concurrence matrix of nations by clauses, where the procedure stands — the silence
 * countdown, whom it waits for — and what the reader may do: draft (the pen-holder), give the
 * nation's positions (its head of delegation), amend and comment (its delegates).
 */
export function StatementPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const statement = useStatement(id);
  if (statement.isPending) return <p>{t('notes.loading')}</p>;
  if (statement.error) return <ErrorMessage error={statement.error} />;
  const s = statement.data;
  const drafting = s.status === 'drafting';
  return (
    <article className="statement">
      <MarkingBanner markings={[s.label]} />
      <p>
        <AppLink to={`/meetings/${s.meetingId}`}>{t('statements.backToMeeting')}</AppLink>
      </p>
      <h1>{s.title}</h1>
      <p className="muted">
        {t('dialogue.hostedBy', { nation: s.host })} · {t(`statements.statuses.${s.status}`)} ·{' '}
        {t('statements.textVersion', { version: s.textVersion })}
      </p>
      {s.minutesOf && <p className="hint">{t('statements.minutesNote')}</p>}
      <Procedure statement={s} />
      <p className="actions">
        <a href={`/api/statements/${s.id}/export?format=md`} download>
          {t('statements.exportMarkdown')}
        </a>{' '}
        <a href={`/api/statements/${s.id}/export?format=json`} download>
          {s.adoptedAt ? t('statements.exportSigned') : t('statements.exportJson')}
        </a>
        {/* A PDF of the adopted text in its original language; Urdu is not printed to PDF (its page prints instead). */}
        {s.adoptedAt && s.language !== 'ur' && (
          <>
            {' '}
            <a href={`/api/statements/${s.id}/export?format=pdf`} download>
              {t('statements.exportPdf')}
            </a>
          </>
        )}
      </p>
      {s.preamble && (
        <p className="preamble" dir="auto">
          {s.preamble}
        </p>
      )}
      {s.clauses.length === 0 && <p className="muted">{s.can.draft ? t('statements.noClausesDraft') : t('statements.noClauses')}</p>}
      <ol className="clauses">
        {s.clauses.map((clause) => (
          <ClauseItem key={clause.id} statement={s} clause={clause} />
        ))}
      </ol>
      {s.can.draft && drafting && <AddClauseForm statement={s} />}
      <Matrix statement={s} />
      {s.can.concur && <PositionsForm statement={s} />}
      <Comments statement={s} />
      {s.can.draft && <PenHolderControls statement={s} />}
      {s.can.concur && s.procedure.state !== 'running' && s.status === 'silence' && <GiveWord statement={s} />}
      <Translations statement={s} />
      <PublicRelease statement={s} />
    </article>
  );
}

function Procedure({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (s.procedure.state !== 'running') return;
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, [s.procedure.state]);
  const p = s.procedure;
  let text: React.ReactNode = null;
  if (p.state === 'running' && s.silence) {
    const left = Math.max(0, Date.parse(s.silence.until) - now);
    const days = Math.floor(left / 86_400_000);
    const hours = Math.floor((left % 86_400_000) / 3_600_000);
    const minutes = Math.floor((left % 3_600_000) / 60_000);
    text = (
      <>
        {t('statements.silenceUntil')} <Moment at={s.silence.until} /> —{' '}
        {days > 0 ? t('statements.timeLeftDays', { days, hours }) : t('statements.timeLeft', { hours, minutes })}
      </>
    );
  } else if (p.state === 'waiting') text = t('statements.waitingFor', { nations: p.waitingFor.join(', ') });
  else if (p.state === 'ended') text = t('statements.silenceEnded');
  else if (p.state === 'adopted' && s.adoptedAt)
    text = (
      <>
        {t(`statements.adoptedBy.${p.adoptedBy ?? 'concurrence'}`)} <Moment at={s.adoptedAt} />
      </>
    );
  else if (p.state === 'drafting' && p.broken) text = t('statements.silenceBroken', { nation: p.broken.by });
  if (!text) return null;
  return (
    <p className="procedure" role="status" data-testid="procedure">
      {text}
    </p>
  );
}

function ClauseItem({ statement: s, clause }: { statement: Statement; clause: Clause }) {
  const { t } = useTranslation();
  const update = useUpdateClause(s.id);
  const remove = useRemoveClause(s.id);
  const move = useMoveClause(s.id);
  const index = clause.number - 1;
  /** The clause before which (null: first) it goes when moved up, and after which when moved down. */
  const upAfter = index >= 2 ? s.clauses[index - 2]!.id : null;
  const downAfter = s.clauses[index + 1]?.id;
  const [editing, setEditing] = useState<string | null>(null);
  const amendments = s.amendments.filter((a) => a.clause === clause.id);
  const reservations = s.reservations.filter((r) => r.clause === clause.id);
  const drafting = s.status === 'drafting';
  return (
    <li className="clause" data-testid={`clause-${clause.number}`}>
      {editing === null ? (
        <p dir="auto">
          {clause.text} <small className="muted">{t('statements.version', { version: clause.version })}</small>
        </p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            update.mutate({ clauseId: clause.id, text: editing, ofVersion: clause.version }, { onSuccess: () => setEditing(null) });
          }}
        >
          <label>
            {t('statements.clauseText', { number: clause.number })}
            <textarea
              name={`clause-${clause.number}-text`}
              rows={3}
              required
              value={editing}
              onChange={(e) => setEditing(e.target.value)}
              autoFocus
            />
          </label>
          <ErrorMessage error={update.error} />
          <button type="submit" disabled={update.isPending}>
            {t('statements.saveClause')}
          </button>
          <button type="button" onClick={() => setEditing(null)}>
            {t('dialogue.close')}
          </button>
        </form>
      )}
      {reservations.map((r) => (
        <p key={r.nation} className="reservation" dir="auto">
          {t('statements.reservationOf', { nation: r.nation })}: {r.text}
        </p>
      ))}
      {clause.history.length > 0 && (
        <details>
          <summary>{t('statements.earlierVersions', { count: clause.history.length })}</summary>
          <ol>
            {clause.history.map((h) => (
              <li key={h.version} value={h.version} dir="auto">
                {h.text}
              </li>
            ))}
          </ol>
        </details>
      )}
      {s.can.draft && drafting && editing === null && (
        <p className="actions">
          <button type="button" onClick={() => setEditing(clause.text)}>
            {t('statements.editClause', { number: clause.number })}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              if (window.confirm(t('statements.removeConfirm', { number: clause.number }))) remove.mutate(clause.id);
            }}
          >
            {t('statements.removeClause', { number: clause.number })}
          </button>{' '}
          {index > 0 && (
            <button type="button" onClick={() => move.mutate({ clauseId: clause.id, after: upAfter })} disabled={move.isPending}>
              {t('statements.moveUp', { number: clause.number })}
            </button>
          )}{' '}
          {downAfter && (
            <button type="button" onClick={() => move.mutate({ clauseId: clause.id, after: downAfter })} disabled={move.isPending}>
              {t('statements.moveDown', { number: clause.number })}
            </button>
          )}
        </p>
      )}
      <ErrorMessage error={remove.error ?? move.error} />
      {amendments.length > 0 && (
        <ul className="amendments" aria-label={t('statements.amendmentsOf', { number: clause.number })}>
          {amendments.map((a) => (
            <Amendment key={a.id} statement={s} amendment={a} />
          ))}
        </ul>
      )}
      {s.can.amend && drafting && <AmendForm statement={s} clause={clause} />}
    </li>
  );
}

function Amendment({ statement: s, amendment: a }: { statement: Statement; amendment: Statement['amendments'][number] }) {
  const { t } = useTranslation();
  const decide = useDecideAmendment(s.id);
  return (
    <li className="amendment" data-testid={`amendment-${a.nation}`}>
      <p>
        <strong>{t('statements.amendmentBy', { nation: a.nation })}</strong>{' '}
        <small className="muted">{t('statements.onVersion', { version: a.ofVersion })}</small>
      </p>
      <p className="words" dir="auto">
        <WordParts parts={wordDiff(a.baseText ?? '', a.text)} />
      </p>
      {a.comment && (
        <p className="muted" dir="auto">
          {a.comment}
        </p>
      )}
      {a.decision ? (
        <p className="decision">
          {t(`statements.decisions.${a.decision.decision}`)}
          {a.decision.note ? ` — ${a.decision.note}` : ''}
        </p>
      ) : (
        s.can.draft &&
        s.status === 'drafting' && (
          <p className="actions">
            <button
              type="button"
              onClick={() => {
                if (window.confirm(t('statements.acceptConfirm', { nation: a.nation })))
                  decide.mutate({ amendmentId: a.id, nation: a.nation, decision: 'accepted', note: '' });
              }}
              disabled={decide.isPending}
            >
              {t('statements.accept', { nation: a.nation })}
            </button>{' '}
            <button
              type="button"
              onClick={() => {
                if (window.confirm(t('statements.rejectConfirm', { nation: a.nation })))
                  decide.mutate({ amendmentId: a.id, nation: a.nation, decision: 'rejected', note: '' });
              }}
              disabled={decide.isPending}
            >
              {t('statements.reject', { nation: a.nation })}
            </button>
          </p>
        )
      )}
      <ErrorMessage error={decide.error} />
    </li>
  );
}

function AmendForm({ statement: s, clause }: { statement: Statement; clause: Clause }) {
  const { t } = useTranslation();
  const propose = useProposeAmendment(s.id);
  const [text, setText] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  if (text === null)
    return (
      <button type="button" onClick={() => setText(clause.text)}>
        {t('statements.proposeAmendment', { number: clause.number })}
      </button>
    );
  return (
    <form
      className="amend-form"
      onSubmit={(event) => {
        event.preventDefault();
        propose.mutate({ clause: clause.id, ofVersion: clause.version, text, comment }, { onSuccess: () => setText(null) });
      }}
    >
      <label>
        {t('statements.proposedWording', { number: clause.number })}
        <textarea name={`amend-${clause.number}`} rows={3} required value={text} onChange={(e) => setText(e.target.value)} autoFocus />
      </label>
      <label>
        {t('statements.comment')}
        <input name={`amend-${clause.number}-comment`} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <ErrorMessage error={propose.error} />
      <button type="submit" disabled={propose.isPending}>
        {t('statements.sendAmendment')}
      </button>
      <button type="button" onClick={() => setText(null)}>
        {t('dialogue.close')}
      </button>
    </form>
  );
}

function AddClauseForm({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  const add = useAddClause(s.id);
  const [text, setText] = useState('');
  return (
    <form
      className="clause-form"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({ text }, { onSuccess: () => setText('') });
      }}
    >
      <label>
        {t('statements.newClause')}
        <textarea name="new-clause" rows={2} required value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <ErrorMessage error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {t('statements.addClause')}
      </button>
    </form>
  );
}

function CellText({ cell }: { cell: CellView | undefined }) {
  const { t } = useTranslation();
  if (!cell || cell.state === 'none') return <span className="muted">—</span>;
  if (cell.state === 'void')
    return (
      <span className="void">
        <s>{t(`statements.stances.${cell.stance}`)}</s> {t('statements.void', { version: cell.ofVersion })}
      </span>
    );
  return <span className={`stance-${cell.stance}`}>{t(`statements.stances.${cell.stance}`)}</span>;
}

/** Nations by clauses: each participant's position now (of the nations whose word the reader may read). */
function Matrix({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="matrix-heading" className="matrix">
      <h2 id="matrix-heading">{t('statements.matrix')}</h2>
      <div className="table-scroll" tabIndex={0} role="group" aria-labelledby="matrix-heading">
        <table data-testid="matrix">
          <thead>
            <tr>
              <th scope="col">{t('statements.clause')}</th>
              {s.participants.map((n) => (
                <th key={n} scope="col">
                  {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.clauses.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.number}</th>
                {s.participants.map((n) => (
                  <td key={n}>
                    <CellText cell={s.matrix.clauses[c.id]?.[n]} />
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('statements.whole')}</th>
              {s.participants.map((n) => (
                <td key={n} data-testid={`whole-${n}`}>
                  <CellText cell={s.matrix.whole[n]} />
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

type Draft = { stance: Stance | ''; text: string };

/** The nation's positions, for its head of delegation: one per clause and one on the whole, on the versions shown. */
function PositionsForm({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  const give = useGivePositions(s.id);
  const rows = [
    ...s.clauses.map((c) => ({ key: c.id, label: t('statements.clauseNumber', { number: c.number }), clause: c.id, version: c.version })),
    { key: 'whole', label: t('statements.whole'), clause: null, version: s.textVersion },
  ];
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const set = (key: string, draft: Partial<Draft>) => setDrafts((d) => ({ ...d, [key]: { stance: '', text: '', ...d[key], ...draft } }));
  const given = rows.filter((r) => drafts[r.key]?.stance);
  return (
    <form
      className="positions-form"
      onSubmit={(event) => {
        event.preventDefault();
        give.mutate(
          {
            positions: given.map((r) => {
              const d = drafts[r.key]!;
              return {
                clause: r.clause,
                ofVersion: r.version,
                stance: d.stance as Stance,
                reservation: d.stance === 'reservation' ? d.text : '',
                reason: d.stance === 'non-concur' ? d.text : '',
                amendment: '',
              };
            }),
          },
          { onSuccess: () => setDrafts({}) },
        );
      }}
    >
      <h2>{t('statements.yourPositions')}</h2>
      <p className="hint">{t('statements.positionsHint')}</p>
      <button type="button" onClick={() => setDrafts(Object.fromEntries(rows.map((r) => [r.key, { stance: 'concur', text: '' }])))}>
        {t('statements.concurAll')}
      </button>
      {rows.map((r) => {
        const d = drafts[r.key];
        return (
          <fieldset key={r.key}>
            <legend>{r.label}</legend>
            <label>
              {t('statements.stance')}
              <select
                name={`stance-${r.key === 'whole' ? 'whole' : rows.indexOf(r) + 1}`}
                value={d?.stance ?? ''}
                onChange={(e) => set(r.key, { stance: e.target.value as Stance | '' })}
              >
                <option value="">{t('statements.noPosition')}</option>
                {STANCES.map((stance) => (
                  <option key={stance} value={stance}>
                    {t(`statements.stances.${stance}`)}
                  </option>
                ))}
              </select>
            </label>
            {(d?.stance === 'reservation' || d?.stance === 'non-concur') && (
              <label>
                {d.stance === 'reservation' ? t('statements.reservationText') : t('statements.reason')}
                <input
                  name={`text-${r.key === 'whole' ? 'whole' : rows.indexOf(r) + 1}`}
                  required
                  maxLength={4000}
                  value={d.text}
                  onChange={(e) => set(r.key, { text: e.target.value })}
                />
              </label>
            )}
          </fieldset>
        );
      })}
      <ErrorMessage error={give.error} />
      <button type="submit" disabled={give.isPending || given.length === 0}>
        {t('statements.givePositions')}
      </button>
    </form>
  );
}

function Comments({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  const add = useAddComment(s.id);
  const [text, setText] = useState('');
  const number = (clause: string | null) => s.clauses.find((c) => c.id === clause)?.number;
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('statements.comments')}</h2>
      {s.comments.length === 0 && <p className="muted">{t('statements.noComments')}</p>}
      <ul className="comments">
        {s.comments.map((c) => (
          <li key={c.id} dir="auto">
            <strong>{c.nation}</strong>
            {c.clause && number(c.clause) ? ` (${t('statements.clauseNumber', { number: number(c.clause) })})` : ''}: {c.text}
          </li>
        ))}
      </ul>
      {s.can.amend && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate({ clause: null, text }, { onSuccess: () => setText('') });
          }}
        >
          <label>
            {t('statements.comment')}
            <input name="comment" required maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
          <ErrorMessage error={add.error} />
          <button type="submit" disabled={add.isPending}>
            {t('statements.addComment')}
          </button>
        </form>
      )}
    </section>
  );
}

function PenHolderControls({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  const start = useStartSilence(s.id);
  const callOff = useCallOffSilence(s.id);
  const withdraw = useWithdrawStatement(s.id);
  const updateText = useUpdateStatement(s.id);
  const [until, setUntil] = useState('');
  const [heading, setHeading] = useState<{ title: string; preamble: string } | null>(null);
  return (
    <section aria-labelledby="procedure-heading">
      {s.status === 'drafting' &&
        (heading ? (
          <form
            className="statement-form"
            onSubmit={(event) => {
              event.preventDefault();
              updateText.mutate(heading, { onSuccess: () => setHeading(null) });
            }}
          >
            <label>
              {t('statements.statementTitle')}
              <input
                name="edit-title"
                required
                maxLength={300}
                value={heading.title}
                onChange={(e) => setHeading({ ...heading, title: e.target.value })}
                autoFocus
              />
            </label>
            <label>
              {t('statements.preamble')}
              <textarea
                name="edit-preamble"
                rows={2}
                maxLength={10000}
                value={heading.preamble}
                onChange={(e) => setHeading({ ...heading, preamble: e.target.value })}
              />
            </label>
            <ErrorMessage error={updateText.error} />
            <button type="submit" disabled={updateText.isPending}>
              {t('statements.saveHeading')}
            </button>
            <button type="button" onClick={() => setHeading(null)}>
              {t('dialogue.close')}
            </button>
          </form>
        ) : (
          <p>
            <button type="button" onClick={() => setHeading({ title: s.title, preamble: s.preamble })}>
              {t('statements.editHeading')}
            </button>
          </p>
        ))}
      <h2 id="procedure-heading">{t('statements.procedure')}</h2>
      {s.status === 'drafting' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate({ until: new Date(until).toISOString() });
          }}
        >
          <DateTimeInput name="silence-until" label={t('statements.silenceDeadline')} value={until} onChange={setUntil} required />
          <ErrorMessage error={start.error} />
          <button type="submit" disabled={start.isPending || !until}>
            {t('statements.startSilence')}
          </button>
        </form>
      )}
      {s.status === 'silence' && (
        <p>
          <button type="button" onClick={() => callOff.mutate(undefined)} disabled={callOff.isPending}>
            {t('statements.callOffSilence')}
          </button>
        </p>
      )}
      <ErrorMessage error={callOff.error} />
      <p>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(t('statements.withdrawConfirm'))) withdraw.mutate(undefined);
          }}
          disabled={withdraw.isPending}
        >
          {t('statements.withdraw')}
        </button>
      </p>
      <ErrorMessage error={withdraw.error} />
    </section>
  );
}

/** For a silence this node learnt of late: the nation's word, given by its head of delegation. */
function GiveWord({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  const give = useGiveWord(s.id);
  return (
    <section aria-labelledby="word-heading">
      <h2 id="word-heading">{t('statements.wordHeading')}</h2>
      <p className="hint">{t('statements.wordHint')}</p>
      <button type="button" onClick={() => give.mutate(undefined)} disabled={give.isPending}>
        {t('statements.giveWord')}
      </button>
      <ErrorMessage error={give.error} />
    </section>
  );
}

/** The adopted text's translations, and for the host's organisers a form to add one. */
function Translations({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  const translate = useTranslateStatement(s.id);
  const free = STATEMENT_LANGUAGES.filter((l) => l !== s.language);
  const [language, setLanguage] = useState<StatementLanguage>(free[0]!);
  const [status, setStatus] = useState<'authentic' | 'unofficial'>('unofficial');
  const [title, setTitle] = useState('');
  const [preamble, setPreamble] = useState('');
  const [clauses, setClauses] = useState('');
  if (s.status !== 'adopted') return null;
  return (
    <section aria-labelledby="translations-heading">
      <h2 id="translations-heading">{t('statements.translations')}</h2>
      {s.translations.length === 0 ? (
        <p className="muted">{s.can.translate ? t('statements.noTranslationsTranslate') : t('statements.noTranslations')}</p>
      ) : (
        <ul>
          {s.translations.map((tr) => (
            <li key={tr.language}>
              <details>
                <summary>
                  <bdi lang={tr.language}>{tr.title}</bdi> — {t(`statements.standing.${tr.status}`)} ({tr.language})
                </summary>
                <div lang={tr.language} dir={LANGUAGES.find((x) => x.code === tr.language)?.dir ?? 'ltr'}>
                  {tr.preamble && <p>{tr.preamble}</p>}
                  <ol>
                    {tr.clauses.map((c) => (
                      <li key={c.id}>{c.text}</li>
                    ))}
                  </ol>
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
      {s.can.translate && (
        <form
          className="translation-form"
          onSubmit={(event) => {
            event.preventDefault();
            translate.mutate({ language, status, title, preamble, clauses: clausesOf(clauses) }, { onSuccess: () => setClauses('') });
          }}
        >
          <h3>{t('statements.addTranslation')}</h3>
          <label>
            {t('statements.language')}
            <select name="translation-language" value={language} onChange={(e) => setLanguage(e.target.value as StatementLanguage)}>
              {free.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGES.find((x) => x.code === l)?.name ?? l}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('statements.translationStatus')}
            <select name="translation-status" value={status} onChange={(e) => setStatus(e.target.value as 'authentic' | 'unofficial')}>
              <option value="authentic">{t('statements.standing.authentic')}</option>
              <option value="unofficial">{t('statements.standing.unofficial')}</option>
            </select>
          </label>
          <label>
            {t('statements.statementTitle')}
            <input
              name="translation-title"
              required
              maxLength={300}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              lang={language}
              dir="auto"
            />
          </label>
          <label>
            {t('statements.preamble')}
            <textarea
              name="translation-preamble"
              rows={2}
              value={preamble}
              onChange={(e) => setPreamble(e.target.value)}
              lang={language}
              dir="auto"
            />
          </label>
          <label>
            {t('statements.translatedClauses', { count: s.clauses.length })}
            <textarea
              name="translation-clauses"
              rows={6}
              required
              value={clauses}
              onChange={(e) => setClauses(e.target.value)}
              lang={language}
              dir="auto"
            />
          </label>
          <ErrorMessage error={translate.error} />
          <button type="submit" disabled={translate.isPending}>
            {t('statements.saveTranslation')}
          </button>
        </form>
      )}
    </section>
  );
}

/** Whether the adopted text is released publicly, its public address, and for the host's releasing officers the switch. */
function PublicRelease({ statement: s }: { statement: Statement }) {
  const { t } = useTranslation();
  const publish = usePublishStatement(s.id);
  if (s.status !== 'adopted' || (!s.publicAt && !s.can.publish)) return null;
  return (
    <section aria-labelledby="public-heading">
      <h2 id="public-heading">{t('statements.publicRelease')}</h2>
      {s.publicAt && s.partnerNode ? (
        <p data-testid="public-release">
          {t('statements.releasedByHost')} <Moment at={s.publicAt} />
        </p>
      ) : s.publicAt ? (
        <p data-testid="public-release">
          {t('statements.releasedPublicly')} <Moment at={s.publicAt} />:{' '}
          <a href={`/public/statements/${s.id}`} data-testid="public-link">
            {`${window.location.origin}/public/statements/${s.id}`}
          </a>
        </p>
      ) : (
        <p className="muted">{t('statements.notReleased')}</p>
      )}
      {s.can.publish && (
        <button
          type="button"
          onClick={() => {
            if (window.confirm(s.publicAt ? t('statements.unpublishConfirm') : t('statements.publishConfirm'))) publish.mutate(!s.publicAt);
          }}
          disabled={publish.isPending}
        >
          {s.publicAt ? t('statements.unpublish') : t('statements.publish')}
        </button>
      )}
      <ErrorMessage error={publish.error} />
    </section>
  );
}
