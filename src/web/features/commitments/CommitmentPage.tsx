import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCommitment, useReportProgress, useUpdateCommitment } from '../../api/commitments';
import { useMeeting } from '../../api/dialogue';
import { AppLink } from '../../components/AppLink';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';
import { COMMITMENT_STATUSES, EVIDENCE_KINDS } from '../../../shared/vocab/dialogue';
import { OverdueMark, OwnerNationsField, SourceLink, StatusBadge } from './CommitmentParts';
import { evidenceAddress, evidenceFromText } from './commitment-address';
import type { Commitment } from '../../../shared/contracts/commitments';
import type { CommitmentStatus, EvidenceKind } from '../../../shared/vocab/dialogue';

/**
 * One commitment: what, whose, by when, where it was made and where it stands; the owners'
 * progress reports with the records they cite; for an owner nation's delegates a report form, for
 * the host's organisers a form to change it.
 */
export function CommitmentPage({ id, nation }: { id: string; nation: string }) {
  const { t } = useTranslation();
  const commitment = useCommitment(id);
  const back = <AppLink to="/commitments">{t('commitments.back')}</AppLink>;
  if (commitment.isPending) return <p>{t('notes.loading')}</p>;
  if (commitment.error) {
    if (commitment.error instanceof ApiError && (commitment.error.status === 404 || commitment.error.status === 400))
      return (
        <section data-testid="commitment-not-found">
          <h1>{t('commitments.notFound')}</h1>
          <p>{t('notes.notFoundHint')}</p>
          {back}
        </section>
      );
    return <ErrorMessage error={commitment.error} />;
  }
  const c = commitment.data;
  return (
    <article className="commitment" data-testid="commitment">
      <MarkingBanner markings={[c.label, ...c.reports.map((r) => r.label)]} />
      <p>{back}</p>
      <h1 className="text" dir="auto">
        {c.text}
      </h1>
      <p data-testid="commitment-status">
        <StatusBadge status={c.status} />
        {c.overdue && (
          <>
            {' '}
            <OverdueMark />
          </>
        )}{' '}
        <small className="marking">{c.label.marking}</small>
      </p>
      <dl className="facts">
        <dt>{t('commitments.meeting')}</dt>
        <dd>
          <AppLink to={`/meetings/${c.meetingId}`}>
            <bdi>{c.meetingTitle}</bdi>
          </AppLink>{' '}
          <span className="muted">{t('dialogue.hostedBy', { nation: c.host })}</span>
        </dd>
        <dt>{t('commitments.owners')}</dt>
        <dd>{c.ownerNations.join(', ')}</dd>
        <dt>{t('commitments.due')}</dt>
        <dd>
          <Moment at={c.dueOn} day />
        </dd>
        {c.source && (
          <>
            <dt>{t('commitments.source')}</dt>
            <dd>
              <SourceLink commitment={c} />
            </dd>
          </>
        )}
        <dt>{t('commitments.recordedBy')}</dt>
        <dd>
          <bdi>{c.createdBy.name}</bdi> · <Moment at={c.createdAt} />
        </dd>
      </dl>
      {c.can.edit && <EditCommitment key={c.version} commitment={c} />}
      <Reports commitment={c} />
      {c.can.report && <ReportForm commitment={c} nation={nation} />}
    </article>
  );
}

/** The owners' progress reports, oldest first, each with the records it cites that the reader may read. */
function Reports({ commitment: c }: { commitment: Commitment }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="reports-heading">
      <h2 id="reports-heading">{t('commitments.reports')}</h2>
      {c.reports.length === 0 && <p className="muted">{c.can.report ? t('commitments.noReportsReport') : t('commitments.noReports')}</p>}
      {c.reports.length > 0 && (
        <ol className="reports" data-testid="reports">
          {c.reports.map((r) => (
            <li key={r.id}>
              <p>
                <strong>{r.nation}</strong> <StatusBadge status={r.status} /> <small className="marking">{r.label.marking}</small>
              </p>
              <p className="report-text" dir="auto">
                {r.text}
              </p>
              {r.evidence.length > 0 && (
                <>
                  <p className="muted">{t('commitments.evidence')}</p>
                  <ul className="evidence">
                    {r.evidence.map((e) => (
                      <li key={`${e.kind}/${e.id}`}>
                        {t(`commitments.evidenceKinds.${e.kind}`)}:{' '}
                        <AppLink to={evidenceAddress(e.kind, e.id)}>
                          <bdi>{e.title}</bdi>
                        </AppLink>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <p className="muted">
                {t('commitments.reportedBy')} <bdi>{r.reportedBy.name}</bdi> · <Moment at={r.reportedAt} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

type EvidenceDraft = { kind: EvidenceKind; text: string };

/** A progress report for the reader's nation: where it stands, what was done, and the records that show it. */
function ReportForm({ commitment: c, nation }: { commitment: Commitment; nation: string }) {
  const { t } = useTranslation();
  const report = useReportProgress(c.id);
  const [status, setStatus] = useState<CommitmentStatus>(c.status === 'planned' ? 'in-progress' : c.status);
  const [text, setText] = useState('');
  const [evidence, setEvidence] = useState<EvidenceDraft[]>([]);
  const [unreadable, setUnreadable] = useState<number[]>([]);
  const setRow = (i: number, row: Partial<EvidenceDraft>) => setEvidence((rows) => rows.map((r, j) => (j === i ? { ...r, ...row } : r)));
  return (
    <form
      className="report-form"
      onSubmit={(event) => {
        event.preventDefault();
        const rows = evidence.filter((e) => e.text.trim() !== '');
        const parsed = rows.map((e) => evidenceFromText(e.text, e.kind));
        const wrong = parsed.flatMap((p, i) => (p ? [] : [evidence.indexOf(rows[i]!)]));
        setUnreadable(wrong);
        if (wrong.length > 0) return;
        report.mutate(
          { status, text, evidence: parsed.filter((p) => p !== null) },
          {
            onSuccess: () => {
              setText('');
              setEvidence([]);
            },
          },
        );
      }}
    >
      <h2>{t('commitments.reportHeading', { nation })}</h2>
      <label>
        {t('commitments.status')}
        <select name="report-status" value={status} onChange={(e) => setStatus(e.target.value as CommitmentStatus)}>
          {COMMITMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`commitments.statuses.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('commitments.reportText')}
        <textarea name="report-text" dir="auto" rows={4} required maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <fieldset>
        <legend>{t('commitments.evidence')}</legend>
        <p className="hint" id="evidence-hint">
          {t('commitments.evidenceHint')}
        </p>
        {evidence.map((e, i) => (
          <div className="evidence-row" key={i} data-testid={`evidence-${i}`}>
            <label>
              {t('commitments.evidenceKind', { n: i + 1 })}
              <select
                name={`evidence-${i}-kind`}
                value={e.kind}
                onChange={(event) => setRow(i, { kind: event.target.value as EvidenceKind })}
              >
                {EVIDENCE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`commitments.evidenceKinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('commitments.evidenceRecord', { n: i + 1 })}
              <input
                name={`evidence-${i}-id`}
                dir="ltr"
                autoComplete="off"
                maxLength={2000}
                value={e.text}
                aria-describedby={unreadable.includes(i) ? `evidence-${i}-error` : 'evidence-hint'}
                aria-invalid={unreadable.includes(i) || undefined}
                onChange={(event) => {
                  // A pasted link names the kind of record: the select follows it.
                  const found = evidenceFromText(event.target.value, e.kind);
                  setRow(i, { text: event.target.value, ...(found ? { kind: found.kind } : {}) });
                }}
              />
            </label>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setEvidence((rows) => rows.filter((_, j) => j !== i));
                setUnreadable([]);
              }}
            >
              {t('commitments.removeEvidence', { n: i + 1 })}
            </button>
            {unreadable.includes(i) && (
              <small id={`evidence-${i}-error`} className="field-error" role="alert">
                {t('commitments.evidenceInvalid')}
              </small>
            )}
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          disabled={evidence.length >= 20}
          onClick={() => setEvidence((rows) => [...rows, { kind: 'incident', text: '' }])}
        >
          {t('commitments.addEvidence')}
        </button>
      </fieldset>
      <ErrorMessage error={report.error} />
      <button type="submit" disabled={report.isPending}>
        {t('commitments.sendReport')}
      </button>
    </form>
  );
}

/** For the host's organisers: its text, owners and due date, changed at the version shown. */
function EditCommitment({ commitment: c }: { commitment: Commitment }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <p className="actions">
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          {t('commitments.change')}
        </button>
      </p>
    );
  return <EditForm commitment={c} onClose={() => setOpen(false)} />;
}

function EditForm({ commitment: c, onClose }: { commitment: Commitment; onClose: () => void }) {
  const { t } = useTranslation();
  const meeting = useMeeting(c.meetingId);
  const update = useUpdateCommitment(c.id);
  const [text, setText] = useState(c.text);
  const [owners, setOwners] = useState<string[]>(c.ownerNations);
  const [dueOn, setDueOn] = useState(c.dueOn);
  const nations = [...new Set([...(meeting.data?.participants ?? []), ...c.ownerNations])].sort();
  return (
    <form
      className="commitment-edit"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ text, ownerNations: owners, dueOn, version: c.version }, { onSuccess: onClose });
      }}
    >
      <h2>{t('commitments.change')}</h2>
      <label>
        {t('commitments.commitment')}
        <textarea
          name="edit-text"
          dir="auto"
          rows={3}
          required
          maxLength={4000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoFocus
        />
      </label>
      <OwnerNationsField prefix="edit-owner" nations={nations} owners={owners} onChange={setOwners} />
      <DateTimeInput name="edit-due" label={t('commitments.due')} value={dueOn} onChange={setDueOn} mode="date" required />
      <ErrorMessage error={update.error} />
      <p>
        <button type="submit" disabled={update.isPending || !dueOn}>
          {t('commitments.saveChanges')}
        </button>{' '}
        <button type="button" className="secondary" onClick={onClose}>
          {t('dialogue.close')}
        </button>
      </p>
    </form>
  );
}
