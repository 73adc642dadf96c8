import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useSaveInject } from '../../api/training';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker } from '../../components/LabelPicker';
import { SITUATION_LEVELS } from '../../../shared/vocab/crisis';
import { ALERT_SEVERITIES } from '../../../shared/vocab/hotline';
import { EXPECTATION_KINDS, INJECT_KINDS } from '../../../shared/vocab/training';
import { followDesks } from '../hotline/desk-nations';
import { unplaced } from './exercise-draft';
import { atMinutesOf, firingOrder, injectIssueFields, injectRequestOf, newExpectation, tPlus } from './inject-draft';
import { fieldErrors, RemoveButton, Rows } from './TrainingParts';
import type { ReactNode, RefObject } from 'react';
import type { ControlPanel, InjectView } from '../../../shared/contracts/exercise-control';
import type { DirectoryResponse } from '../../../shared/contracts/directory';
import type { Desk } from '../../../shared/contracts/hotline';
import type { Exercise } from '../../../shared/contracts/training';
import type { LabelInput } from '../../../shared/labels/label';
import type { SituationLevel } from '../../../shared/vocab/crisis';
import type { AlertSeverity } from '../../../shared/vocab/hotline';
import type { ExpectationKind, InjectKind } from '../../../shared/vocab/training';
import type { ExpectationRow, InjectDraft } from './inject-draft';

type Issue = { path: string; message: string };

const replace = <T,>(rows: readonly T[], i: number, row: T) => rows.map((r, j) => (j === i ? row : r));
const without = <T,>(rows: readonly T[], i: number) => rows.filter((_, j) => j !== i);

/**
 * Write an inject: its name, when it fires (hours and minutes after STARTEX), what it makes — an
 * alert to desks, a crisis room, a situation report or a message in a room an earlier inject opens
 * — under which label, and what it expects of the nations. Given one still to fire, change it. The
 * draft lives with the page, so a refused save loses nothing and the new inject's draft waits while
 * another is changed; the server's objections are shown by the fields they name.
 */
export function InjectForm({
  headingRef,
  exercise,
  panel,
  nation,
  directory,
  desks,
  editing,
  draft,
  notice,
  onChange,
  onSaved,
  onCancel,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  exercise: Exercise;
  panel: ControlPanel;
  nation: string;
  directory: DirectoryResponse;
  desks: readonly Desk[];
  editing: InjectView | null;
  draft: InjectDraft;
  notice: string | null;
  onChange: (draft: InjectDraft) => void;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveInject(exercise.id);
  const [added, setAdded] = useState<number | null>(null);
  /** Nations ticked under "Releasable to" only because a chosen desk is theirs. */
  const [addedForDesks, setAddedForDesks] = useState<string[]>([]);
  const set = <K extends keyof InjectDraft>(key: K, value: InjectDraft[K]) => onChange({ ...draft, [key]: value });

  const issues: Issue[] = save.error instanceof ApiError ? save.error.issues : [];
  const validation = save.error instanceof ApiError && save.error.code === 'VALIDATION_FAILED';
  const { invalid, errorAt } = fieldErrors(id, issues);
  const rest = unplaced(issues, injectIssueFields(draft)).filter((i) => i.path !== 'expectations');

  const taking = exercise.participants;
  const deskChoices = desks.filter((d) => taking.includes(d.nation));
  const chosenDesks = draft.targetDesks.map((deskId) => desks.find((d) => d.id === deskId) ?? { id: deskId, name: '', nation: '' });
  const rooms = firingOrder(panel.injects).filter((i) => i.action.kind === 'crisis' && i.id !== editing?.id);
  const nationsOf = (ids: readonly string[]) => desks.filter((d) => ids.includes(d.id)).map((d) => d.nation);
  const toggleDesk = (deskId: string) => {
    const next = draft.targetDesks.includes(deskId) ? draft.targetDesks.filter((d) => d !== deskId) : [...draft.targetDesks, deskId];
    const followed = followDesks(draft.label, addedForDesks, nationsOf(next), nation);
    setAddedForDesks(followed.addedForDesks);
    onChange({ ...draft, targetDesks: next, label: { ...draft.label, relTo: followed.relTo } });
  };
  const deskNations = [...new Set(nationsOf(draft.targetDesks).filter((n) => n !== nation))];
  const unreleased = deskNations.filter((n) => !draft.label.relTo.includes(n));
  const atMinutes = atMinutesOf(draft);

  return (
    <form
      className="inject-form"
      aria-labelledby={`${id}-heading`}
      data-testid="inject-form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(
          { ...(editing ? { injectId: editing.id, version: editing.version } : {}), input: injectRequestOf(draft) },
          {
            onSuccess: () => {
              setAddedForDesks([]);
              onSaved();
            },
          },
        );
      }}
    >
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        {editing ? t('training.control.changeInject', { title: editing.title }) : t('training.control.addInject')}
      </h2>
      <p className="muted">{t('training.control.formHint')}</p>
      <label>
        {t('training.control.injectTitle')}
        <input
          name="inject-title"
          required
          maxLength={200}
          value={draft.title}
          onChange={(e) => set('title', e.target.value)}
          {...invalid('title')}
        />
        {errorAt('title')}
      </label>

      <fieldset className="inject-time">
        <legend>{t('training.control.firesAt')}</legend>
        <div className="row">
          <label>
            {t('training.control.hours')}
            <input
              name="inject-hours"
              type="number"
              inputMode="numeric"
              min={0}
              max={92 * 24}
              step={1}
              required
              value={draft.hours}
              onChange={(e) => set('hours', e.target.value)}
              {...invalid('atMinutes')}
            />
          </label>
          <label>
            {t('training.control.minutes')}
            <input
              name="inject-minutes"
              type="number"
              inputMode="numeric"
              min={0}
              max={59}
              step={1}
              required
              value={draft.minutes}
              onChange={(e) => set('minutes', e.target.value)}
              {...invalid('atMinutes')}
            />
          </label>
          <p className="exercise-time" dir="ltr" aria-hidden="true">
            {Number.isFinite(atMinutes) ? tPlus(atMinutes) : 'T+??:??'}
          </p>
        </div>
        {errorAt('atMinutes')}
      </fieldset>

      <label>
        {t('training.control.injectKind')}
        <select
          name="inject-kind"
          value={draft.kind}
          onChange={(e) => set('kind', e.target.value as InjectKind)}
          {...invalid('action.kind')}
        >
          {INJECT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`training.control.injectKinds.${k}`)}
            </option>
          ))}
        </select>
        {errorAt('action.kind')}
      </label>

      {draft.kind === 'alert' && (
        <fieldset className="inject-action">
          <legend>{t('training.control.injectKinds.alert')}</legend>
          <label>
            {t('hotline.severity')}
            <select
              name="alert-severity"
              value={draft.severity}
              onChange={(e) => set('severity', e.target.value as AlertSeverity)}
              {...invalid('action.severity')}
            >
              {ALERT_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`hotline.severities.${s}`)}
                </option>
              ))}
            </select>
            {errorAt('action.severity')}
          </label>
          <label>
            {t('hotline.summary')}
            <input
              name="alert-summary"
              required
              maxLength={200}
              dir="auto"
              value={draft.alertSummary}
              onChange={(e) => set('alertSummary', e.target.value)}
              {...invalid('action.summary')}
            />
            {errorAt('action.summary')}
          </label>
          <label>
            {t('hotline.details')}
            <textarea
              name="alert-details"
              rows={3}
              maxLength={10000}
              dir="auto"
              value={draft.details}
              onChange={(e) => set('details', e.target.value)}
              {...invalid('action.details')}
            />
            {errorAt('action.details')}
          </label>
          <fieldset>
            <legend>{t('hotline.targetDesks')}</legend>
            {deskChoices.length === 0 && <p className="empty">{t('training.control.noDesks')}</p>}
            {deskChoices.map((desk) => (
              <DeskCheck key={desk.id} desk={desk} draft={draft} onToggle={toggleDesk} invalid={invalid} />
            ))}
            {chosenDesks
              .filter((d) => !deskChoices.some((c) => c.id === d.id))
              .map((desk) => (
                <DeskCheck key={desk.id} desk={desk} draft={draft} onToggle={toggleDesk} invalid={invalid} />
              ))}
            {deskNations.length > 0 && unreleased.length < deskNations.length && (
              <p className="hint">
                {t('hotline.deskNationsReleased', { nations: deskNations.filter((n) => !unreleased.includes(n)).join(', ') })}
              </p>
            )}
            {unreleased.length > 0 && (
              <p className="hint" role="status">
                {t('hotline.deskNationsMissing', { nations: unreleased.join(', ') })}
              </p>
            )}
            {errorAt('action.targetDesks')}
          </fieldset>
        </fieldset>
      )}

      {draft.kind === 'crisis' && (
        <fieldset className="inject-action">
          <legend>{t('training.control.injectKinds.crisis')}</legend>
          <label>
            {t('training.control.crisisTitle')}
            <input
              name="crisis-title"
              required
              maxLength={200}
              dir="auto"
              value={draft.crisisTitle}
              onChange={(e) => set('crisisTitle', e.target.value)}
              {...invalid('action.title')}
            />
            {errorAt('action.title')}
          </label>
          <label>
            {t('crisis.summary')}
            <textarea
              name="crisis-summary"
              rows={3}
              maxLength={10000}
              dir="auto"
              value={draft.crisisSummary}
              onChange={(e) => set('crisisSummary', e.target.value)}
              {...invalid('action.summary')}
            />
            {errorAt('action.summary')}
          </label>
        </fieldset>
      )}

      {(draft.kind === 'sitrep' || draft.kind === 'message') && (
        <fieldset className="inject-action">
          <legend>{t(`training.control.injectKinds.${draft.kind}`)}</legend>
          <label>
            {t('training.control.room')}
            <select
              name="crisis-inject"
              required
              value={draft.crisisInjectId}
              onChange={(e) => set('crisisInjectId', e.target.value)}
              {...invalid('action.crisisInjectId')}
            >
              <option value="">{t('training.control.chooseRoom')}</option>
              {draft.crisisInjectId && !rooms.some((r) => r.id === draft.crisisInjectId) && (
                <option value={draft.crisisInjectId}>{t('training.control.roomGone')}</option>
              )}
              {rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {tPlus(r.atMinutes)} {r.title}
                </option>
              ))}
            </select>
            {errorAt('action.crisisInjectId')}
          </label>
          {rooms.length === 0 && <p className="hint">{t('training.control.noRooms')}</p>}
          {draft.kind === 'sitrep' ? (
            <>
              <label>
                {t('crisis.level')}
                <select
                  name="sitrep-level"
                  value={draft.level}
                  onChange={(e) => set('level', e.target.value as SituationLevel)}
                  {...invalid('action.sitrep.level')}
                >
                  {SITUATION_LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {t(`crisis.levels.${l}`)}
                    </option>
                  ))}
                </select>
                {errorAt('action.sitrep.level')}
              </label>
              {(['situation', 'actionsTaken', 'assessment', 'nextSteps', 'needs'] as const).map((name) => (
                <label key={name}>
                  {t(`crisis.sitrepFields.${name}`)}
                  <textarea
                    name={`sitrep-${name}`}
                    rows={2}
                    maxLength={10000}
                    dir="auto"
                    required={name === 'situation'}
                    value={draft[name]}
                    onChange={(e) => set(name, e.target.value)}
                    {...invalid(`action.sitrep.${name}`)}
                  />
                  {errorAt(`action.sitrep.${name}`)}
                </label>
              ))}
            </>
          ) : (
            <label>
              {t('crisis.text')}
              <textarea
                name="message-text"
                rows={3}
                maxLength={10000}
                dir="auto"
                required
                value={draft.text}
                onChange={(e) => set('text', e.target.value)}
                {...invalid('action.text')}
              />
              {errorAt('action.text')}
            </label>
          )}
        </fieldset>
      )}

      <p className="muted">{t('training.control.labelHint')}</p>
      <LabelPicker
        name="inject-label"
        value={draft.label}
        onChange={(label: LabelInput) => set('label', label)}
        directory={directory}
        nation={nation}
      />
      {errorAt('action.label')}

      <Rows
        legend={t('training.control.expectations')}
        hint={t('training.control.expectationsHint')}
        empty={t('training.control.noExpectations')}
        addLabel={t('training.control.addExpectation')}
        rows={draft.expectations}
        max={20}
        onAdd={() => {
          const row = newExpectation(draft.kind, taking.find((n) => n !== nation) ?? nation);
          setAdded(row.key);
          set('expectations', [...draft.expectations, row]);
        }}
        render={(row, i, addButton) => (
          <ExpectationFields
            key={row.key}
            row={row}
            i={i}
            autoFocus={row.key === added}
            exercise={exercise}
            chosenDesks={chosenDesks}
            onChange={(next) => set('expectations', replace(draft.expectations, i, next))}
            remove={
              <RemoveButton
                label={t('training.control.removeExpectation', { n: i + 1 })}
                onRemove={() => set('expectations', without(draft.expectations, i))}
                focusAfter={addButton}
              />
            }
            invalid={invalid}
            errorAt={errorAt}
          />
        )}
        error={errorAt('expectations', true)}
      />

      {validation && (
        <div className="error" role="alert" data-testid="inject-invalid">
          <p>{t('training.control.fixFields')}</p>
          {rest.length > 0 && (
            <ul>
              {rest.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!validation && <ErrorMessage error={save.error} />}
      {notice && (
        <p className="notice" role="status" data-testid="inject-saved">
          {notice}
        </p>
      )}
      <p className="form-buttons">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('training.control.saving') : editing ? t('training.control.saveChanges') : t('training.control.addButton')}
        </button>
        {editing && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('training.control.cancelChange')}
          </button>
        )}
      </p>
    </form>
  );
}

/** One desk to send the alert to (a desk no longer listed stays, to be unticked). */
function DeskCheck({
  desk,
  draft,
  onToggle,
  invalid,
}: {
  desk: { id: string; name: string; nation: string };
  draft: InjectDraft;
  onToggle: (id: string) => void;
  invalid: (field: string, shownAt?: string) => object;
}) {
  const { t } = useTranslation();
  const at = draft.targetDesks.indexOf(desk.id);
  return (
    <label className="check">
      <input
        type="checkbox"
        name="target-desk"
        value={desk.id}
        checked={at >= 0}
        onChange={() => onToggle(desk.id)}
        {...(at >= 0 ? invalid(`action.targetDesks.${at}`, 'action.targetDesks') : {})}
      />
      {desk.name ? (
        <bdi>
          {desk.name} ({desk.nation})
        </bdi>
      ) : (
        <span className="warning">{t('training.control.deskGone')}</span>
      )}
    </label>
  );
}

/** One expectation: of which kind, of which nation (and, for an acknowledgement, which desk), within how long, for which objective. */
function ExpectationFields({
  row,
  i,
  autoFocus,
  exercise,
  chosenDesks,
  onChange,
  remove,
  invalid,
  errorAt,
}: {
  row: ExpectationRow;
  i: number;
  autoFocus: boolean;
  exercise: Exercise;
  chosenDesks: readonly { id: string; name: string; nation: string }[];
  onChange: (row: ExpectationRow) => void;
  remove: ReactNode;
  invalid: (field: string, shownAt?: string) => object;
  errorAt: (field: string, exact?: boolean) => ReactNode;
}) {
  const { t } = useTranslation();
  const path = `expectations.${i}`;
  const nations = [...new Set([...exercise.participants, row.nation])];
  return (
    <fieldset className="training-item" data-testid={`expectation-row-${i}`}>
      <legend>{t('training.control.expectation', { n: i + 1 })}</legend>
      <div className="row">
        <label>
          {t('training.control.expectationKind')}
          <select
            name={`expectation-${i}-kind`}
            value={row.kind}
            autoFocus={autoFocus}
            onChange={(e) => onChange({ ...row, kind: e.target.value as ExpectationKind })}
            {...invalid(`${path}.kind`, path)}
          >
            {EXPECTATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`training.control.expectationKinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('training.nation')}
          <select
            name={`expectation-${i}-nation`}
            value={row.nation}
            onChange={(e) => onChange({ ...row, nation: e.target.value })}
            {...invalid(`${path}.nation`, path)}
          >
            {nations.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {row.kind === 'acknowledge' && (
          <label>
            {t('hotline.desk')}
            <select
              name={`expectation-${i}-desk`}
              value={row.deskId}
              required
              onChange={(e) => {
                const desk = chosenDesks.find((d) => d.id === e.target.value);
                // A desk acknowledges for its own nation.
                onChange({ ...row, deskId: e.target.value, nation: desk?.nation || row.nation });
              }}
              {...invalid(`${path}.deskId`, path)}
            >
              <option value="">{t('training.control.chooseDesk')}</option>
              {row.deskId && !chosenDesks.some((d) => d.id === row.deskId) && (
                <option value={row.deskId}>{t('training.control.deskNotChosen')}</option>
              )}
              {chosenDesks.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name ? `${d.name} (${d.nation})` : t('training.control.deskGone')}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('training.control.withinMinutes')}
          <input
            name={`expectation-${i}-within`}
            type="number"
            inputMode="numeric"
            min={1}
            max={60 * 24 * 14}
            step={1}
            required
            value={row.withinMinutes}
            onChange={(e) => onChange({ ...row, withinMinutes: e.target.value })}
            {...invalid(`${path}.withinMinutes`, path)}
          />
        </label>
      </div>
      <label>
        {t('training.control.objective')}
        <select
          name={`expectation-${i}-objective`}
          value={row.objective}
          onChange={(e) => onChange({ ...row, objective: e.target.value })}
          {...invalid(`${path}.objective`, path)}
        >
          <option value="">{t('training.control.noObjective')}</option>
          {exercise.objectives.map((o, n) => (
            <option key={n} value={String(n)}>
              {t('training.objective', { n: n + 1 })}: {o.text.length > 80 ? `${o.text.slice(0, 80)}…` : o.text}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('training.control.expectationText')}
        <textarea
          name={`expectation-${i}-text`}
          rows={2}
          maxLength={2000}
          dir="auto"
          value={row.text}
          onChange={(e) => onChange({ ...row, text: e.target.value })}
          {...invalid(`${path}.text`, path)}
        />
      </label>
      {errorAt(path)}
      {remove}
    </fieldset>
  );
}
