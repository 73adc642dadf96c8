import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useSetPolicy } from '../../api/hotline';
import { ErrorMessage } from '../../components/ErrorMessage';
// The server's default, shown (and editable) while the desk has no policy of its own.
import { DEFAULT_ESCALATION_POLICY as DEFAULT_POLICY, ROSTER_ROLES } from '../../../shared/vocab/hotline';
import { moved, timelineOf } from './policy-timeline';
import type { Desk, EscalationPolicy, EscalationStep } from '../../../shared/contracts/hotline';
import type { RosterRole } from '../../../shared/vocab/hotline';
import './desks.css';

/** The server's message for one field of the policy, to show beside it. */
function issueAt(error: unknown, path: string): string | undefined {
  return error instanceof ApiError ? error.issues.find((i) => i.path === path)?.message : undefined;
}

/**
 * The escalation policy as steps: whom each step pages and how long it waits, added, removed and
 * reordered, with the timeline they make beside them. Rules with a time window keep their window
 * (set through the API) and have their steps edited here like the default rule.
 */
export function PolicyEditor({ desk, canManage }: { desk: Desk; canManage: boolean }) {
  const { t } = useTranslation();
  const setPolicy = useSetPolicy(desk.id);
  const [draft, setDraft] = useState<EscalationPolicy | null>(null);
  const policy = draft ?? desk.policy?.policy ?? DEFAULT_POLICY;
  const error = setPolicy.error;
  const update = (next: EscalationPolicy) => setDraft(next);
  const setSteps = (rule: number, steps: EscalationStep[]) =>
    update({ ...policy, rules: policy.rules.map((r, i) => (i === rule ? { ...r, steps } : r)) });
  return (
    <section aria-labelledby="policy-heading" className="policy-editor">
      <h2 id="policy-heading">{t('desks.policy.title', { version: desk.policy?.version ?? 0 })}</h2>
      {!desk.policy && <p className="muted">{t('desks.policy.default')}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setPolicy.mutate(policy, { onSuccess: () => setDraft(null) });
        }}
      >
        <div className="policy-settings">
          <label>
            {t('desks.policy.timeZone')}
            <input
              name="policy-time-zone"
              value={policy.timeZone}
              readOnly={!canManage}
              aria-describedby="policy-time-zone-help"
              onChange={(e) => update({ ...policy, timeZone: e.target.value })}
            />
          </label>
          <small id="policy-time-zone-help" className="muted">
            {t('desks.policy.timeZoneHelp')}
          </small>
          {issueAt(error, 'timeZone') && <p className="field-error">{issueAt(error, 'timeZone')}</p>}
          <label>
            {t('desks.policy.repeat')}
            <input
              name="policy-repeat"
              type="number"
              min={0}
              max={10}
              value={Number.isFinite(policy.repeat) ? policy.repeat : ''}
              readOnly={!canManage}
              onChange={(e) => update({ ...policy, repeat: e.target.valueAsNumber })}
            />
          </label>
          {issueAt(error, 'repeat') && <p className="field-error">{issueAt(error, 'repeat')}</p>}
        </div>
        {policy.rules.map((rule, ruleIndex) => (
          <RuleSteps
            key={ruleIndex}
            index={ruleIndex}
            rule={rule}
            repeat={Number.isFinite(policy.repeat) ? policy.repeat : 0}
            last={ruleIndex === policy.rules.length - 1}
            canManage={canManage}
            error={error}
            onChange={(steps) => setSteps(ruleIndex, steps)}
          />
        ))}
        <ErrorMessage error={error} />
        {canManage && (
          <div className="actions">
            <button type="submit" disabled={setPolicy.isPending || draft === null}>
              {t('desks.policy.save')}
            </button>
            {draft !== null && (
              <button type="button" onClick={() => setDraft(null)}>
                {t('desks.policy.discard')}
              </button>
            )}
          </div>
        )}
        {setPolicy.isSuccess && draft === null && (
          <p role="status" className="muted">
            {t('desks.policy.saved', { version: desk.policy?.version ?? 0 })}
          </p>
        )}
      </form>
    </section>
  );
}

function RuleSteps({
  index,
  rule,
  repeat,
  last,
  canManage,
  error,
  onChange,
}: {
  index: number;
  rule: EscalationPolicy['rules'][number];
  repeat: number;
  last: boolean;
  canManage: boolean;
  error: unknown;
  onChange: (steps: EscalationStep[]) => void;
}) {
  const { t } = useTranslation();
  const steps = rule.steps;
  const set = (i: number, step: Partial<EscalationStep>) => onChange(steps.map((s, j) => (j === i ? { ...s, ...step } : s)));
  const base = `rules.${index}.steps`;
  const headingId = `rule-${index}-heading`;
  return (
    <fieldset className="policy-rule" aria-labelledby={headingId}>
      <legend id={headingId}>
        {rule.window
          ? t('desks.policy.windowRule', {
              days: rule.window.days.map((d) => t(`desks.weekdays.${d}`)).join(', '),
              from: rule.window.from,
              to: rule.window.to,
            })
          : last
            ? t('desks.policy.defaultRule')
            : t('desks.policy.rule', { number: index + 1 })}
      </legend>
      {steps.length === 0 && <p className="empty">{t('desks.policy.noSteps')}</p>}
      <ol className="policy-steps" data-testid={`policy-steps-${index}`}>
        {steps.map((step, i) => (
          <li key={i} className="policy-step">
            <span className="step-number">{t('desks.policy.stepNumber', { number: i + 1 })}</span>
            <label>
              {t('desks.policy.pages')}
              <select
                name={`step-${index}-${i}-role`}
                value={step.notify}
                disabled={!canManage}
                onChange={(e) => set(i, { notify: e.target.value as RosterRole })}
              >
                {ROSTER_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`hotline.roles.${role}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('desks.policy.waits')}
              <input
                name={`step-${index}-${i}-wait`}
                type="number"
                min={1}
                max={1440}
                value={Number.isFinite(step.waitMinutes) ? step.waitMinutes : ''}
                readOnly={!canManage}
                onChange={(e) => set(i, { waitMinutes: e.target.valueAsNumber })}
              />
            </label>
            {canManage && (
              <span className="step-actions">
                <button
                  type="button"
                  aria-label={t('desks.policy.moveUp', { number: i + 1 })}
                  disabled={i === 0}
                  onClick={() => onChange(moved(steps, i, -1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={t('desks.policy.moveDown', { number: i + 1 })}
                  disabled={i === steps.length - 1}
                  onClick={() => onChange(moved(steps, i, 1))}
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label={t('desks.policy.removeStep', { number: i + 1 })}
                  onClick={() => onChange(steps.filter((_, j) => j !== i))}
                >
                  {t('desks.policy.remove')}
                </button>
              </span>
            )}
            {(['notify', 'waitMinutes'] as const).map((field) => {
              const message = issueAt(error, `${base}.${i}.${field}`);
              return (
                message && (
                  <p key={field} className="field-error">
                    {message}
                  </p>
                )
              );
            })}
          </li>
        ))}
      </ol>
      {issueAt(error, base) && <p className="field-error">{issueAt(error, base)}</p>}
      {canManage && (
        <button
          type="button"
          disabled={steps.length >= 10}
          onClick={() => onChange([...steps, { notify: steps.at(-1)?.notify === 'primary' ? 'deputy' : 'primary', waitMinutes: 10 }])}
        >
          {t('desks.policy.addStep')}
        </button>
      )}
      <TimelinePreview steps={steps} repeat={repeat} index={index} />
    </fieldset>
  );
}

/** "at +0 min: Primary paged; at +10 min: …": what the steps do to an alert nobody answers. */
function TimelinePreview({ steps, repeat, index }: { steps: EscalationStep[]; repeat: number; index: number }) {
  const { t } = useTranslation();
  const entries = timelineOf(steps, repeat);
  if (entries.length === 0) return null;
  return (
    <div className="policy-preview">
      <h3>{t('desks.policy.preview')}</h3>
      <ol data-testid={`policy-preview-${index}`}>
        {entries.map((entry, i) => (
          <li key={i}>
            {entry.role
              ? t('desks.policy.previewPaged', { minutes: entry.at, role: t(`hotline.roles.${entry.role}`) })
              : t('desks.policy.previewEnd', { minutes: entry.at })}
            {entry.role && entry.round > 0 && <span className="muted"> {t('desks.policy.previewRound', { round: entry.round + 1 })}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
