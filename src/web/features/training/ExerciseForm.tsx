import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useMeetings } from '../../api/dialogue';
import { useDirectory } from '../../api/notes';
import { useClashCheck, useCreateExercise, useExercise, useUpdateExercise } from '../../api/training';
import { navigate } from '../../app/router';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import { MarkingBanner } from '../../components/MarkingBanner';
import { VenueFields } from '../../components/VenueFields';
import { vocab } from '../../i18n/vocab';
import { INCIDENT_DOMAIN_CODES } from '../../../shared/vocab/incident-types';
import { EXERCISE_KINDS, MILESTONE_KINDS } from '../../../shared/vocab/training';
import { changesOf, clashPlanOf, draftOf, emptyDraft, issueFields, messagesAt, requestOf, rowKey, unplaced } from './exercise-draft';
import { ClashList, fieldErrors, RemoveButton, Rows } from './TrainingParts';
import { useDebounced } from './use-debounced';
import type { ReactNode } from 'react';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { Exercise } from '../../../shared/contracts/training';
import type { ExerciseKind, MilestoneKind } from '../../../shared/vocab/training';
import type { ExerciseDraft, MilestoneRow, ObjectiveRow, ResourceRow, UnitRow } from './exercise-draft';

/** Change an exercise: the same form, filled with it, sent with the version it shows. */
export function ExerciseEditPage({ session, id }: { session: SessionResponse; id: string }) {
  const { t } = useTranslation();
  const exercise = useExercise(id);
  if (exercise.isPending) return <p>{t('notes.loading')}</p>;
  if (exercise.error) return <ErrorMessage error={exercise.error} />;
  if (!exercise.data.can.plan) return <p>{t('training.cannotChange')}</p>;
  return <ExerciseForm session={session} exercise={exercise.data} />;
}

type Issue = { path: string; message: string };

/**
 * Plan an exercise led by the person's nation — what, where, when, who takes part with which
 * units, what it books and trains for, its milestones, under which label — or, given one, change
 * it. While it is typed, the plan is checked for clashes (a pause after the last change) and they
 * are shown beside the form; the server's objections are shown by the fields they name.
 */
export function ExerciseForm({ session, exercise }: { session: SessionResponse; exercise?: Exercise }) {
  const { t } = useTranslation();
  const id = useId();
  const directory = useDirectory();
  const create = useCreateExercise();
  const update = useUpdateExercise(exercise?.id ?? '');
  const save = exercise ? update : create;
  const lead = exercise?.lead ?? session.nation.code;
  const [draft, setDraft] = useState<ExerciseDraft>(() => (exercise ? draftOf(exercise) : emptyDraft(lead, emptyLabel())));
  const [saved] = useState(() => (exercise ? requestOf(draftOf(exercise)) : null));
  /** The row just added: its first field takes the focus. */
  const [added, setAdded] = useState<number | null>(null);
  const plan = useDebounced(clashPlanOf(draft, exercise?.id ?? null), 600);
  const clashes = useClashCheck(plan);
  const set = <K extends keyof ExerciseDraft>(key: K, value: ExerciseDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const issues: Issue[] = save.error instanceof ApiError && save.error.code === 'VALIDATION_FAILED' ? save.error.issues : [];
  const { errorId, invalid, errorAt } = fieldErrors(id, issues);
  // Issues at a list itself (too many units, say) show under the list; the rest not by a field shown show together.
  const rest = unplaced(issues, issueFields(draft)).filter((i) => !['units', 'resources', 'objectives', 'milestones'].includes(i.path));

  if (!session.permissions.includes('exercise.plan')) return <p>{t('training.cannotPlan')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;
  const others = directory.data.nations.filter((n) => n.code !== lead);
  const taking = [lead, ...draft.participants];

  const clashLabels = plan === null ? [] : (clashes.data?.clashes ?? []).flatMap((c) => (c.with.kind === 'holiday' ? [] : [c.with.label]));
  return (
    <div className="exercise-planner">
      <MarkingBanner markings={[...(exercise ? [exercise.label] : []), ...clashLabels]} />
      <form
        className="exercise-form"
        aria-labelledby={`${id}-heading`}
        onSubmit={(event) => {
          event.preventDefault();
          const body = requestOf(draft);
          const done = { onSuccess: (result: Exercise) => navigate(`/exercises/${result.id}`) };
          if (exercise && saved) update.mutate({ ...changesOf(body, saved), version: exercise.version }, done);
          else create.mutate(body, done);
        }}
      >
        <h1 id={`${id}-heading`}>{exercise ? t('training.change') : t('training.plan')}</h1>
        <label>
          {t('training.name')}
          <input
            name="title"
            required
            maxLength={200}
            value={draft.title}
            onChange={(e) => set('title', e.target.value)}
            autoFocus
            {...invalid('title')}
          />
          {errorAt('title')}
        </label>
        <label>
          {t('training.kind')}
          <select name="kind" value={draft.kind} onChange={(e) => set('kind', e.target.value as ExerciseKind)} {...invalid('kind')}>
            {EXERCISE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`training.kinds.${k}`)}
              </option>
            ))}
          </select>
          {errorAt('kind')}
        </label>
        <label>
          {t('training.summary')}
          <textarea
            name="summary"
            dir="auto"
            rows={3}
            maxLength={10000}
            value={draft.summary}
            onChange={(e) => set('summary', e.target.value)}
            {...invalid('summary')}
          />
          {errorAt('summary')}
        </label>

        <VenueFields
          legend={t('training.venue')}
          withoutPlace={{
            name: 'distributed',
            label: t('training.distributed'),
            checked: draft.distributed,
            onChange: (checked) => set('distributed', checked),
          }}
          placeLabel={t('training.place')}
          venue={draft.venue}
          onVenueChange={(venue) => set('venue', venue)}
          nations={directory.data.nations}
          timeZone={draft.timeZone}
          onTimeZoneChange={(zone) => set('timeZone', zone)}
          zoneListId={`${id}-zones`}
          row
          invalid={invalid}
          errorAt={errorAt}
          venueError={
            // An issue of the venue as a whole (a place where a distributed one was meant).
            messagesAt(issues, 'venue').length > 0 &&
            ['venue.name', 'venue.country', 'venue.lat', 'venue.lon'].every((f) => messagesAt(issues, f).length === 0) &&
            errorAt('venue')
          }
        />

        <DateTimeInput
          name="starts-at"
          label={t('training.startexField')}
          value={draft.startsAt}
          onChange={(v) => set('startsAt', v)}
          required
          errorId={messagesAt(issues, 'startsAt').length > 0 ? errorId('startsAt') : undefined}
        />
        {errorAt('startsAt')}
        <DateTimeInput
          name="ends-at"
          label={t('training.endexField')}
          value={draft.endsAt}
          onChange={(v) => set('endsAt', v)}
          required
          errorId={messagesAt(issues, 'endsAt').length > 0 ? errorId('endsAt') : undefined}
        />
        {errorAt('endsAt')}

        <fieldset>
          <legend>{t('training.participants')}</legend>
          {others.map((n) => (
            <label key={n.code} className="check">
              <input
                type="checkbox"
                name={`participant-${n.code}`}
                checked={draft.participants.includes(n.code)}
                onChange={() =>
                  set(
                    'participants',
                    draft.participants.includes(n.code) ? draft.participants.filter((p) => p !== n.code) : [...draft.participants, n.code],
                  )
                }
              />
              {n.code}
            </label>
          ))}
          <p className="muted">{t('training.participantsHint', { nation: lead })}</p>
          {errorAt('participants')}
        </fieldset>

        <Rows
          legend={t('training.units')}
          hint={t('training.unitsHint')}
          empty={t('training.noUnits')}
          addLabel={t('training.addUnit')}
          rows={draft.units}
          max={200}
          onAdd={() => {
            const row: UnitRow = { key: rowKey(), nation: draft.participants[draft.participants.length - 1] ?? lead, name: '' };
            setAdded(row.key);
            set('units', [...draft.units, row]);
          }}
          render={(row, i, addButton) => (
            <div className="training-row" key={row.key} data-testid={`unit-${i}`}>
              <label>
                {t('training.unitNation', { n: i + 1 })}
                <select
                  name={`unit-${i}-nation`}
                  value={row.nation}
                  autoFocus={row.key === added}
                  onChange={(e) => set('units', replace(draft.units, i, { ...row, nation: e.target.value }))}
                  {...invalid(`units.${i}.nation`, `units.${i}`)}
                >
                  {[...new Set([...taking, row.nation])].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
              <label className="grow">
                {t('training.unitName', { n: i + 1 })}
                <input
                  name={`unit-${i}-name`}
                  required
                  maxLength={200}
                  value={row.name}
                  onChange={(e) => set('units', replace(draft.units, i, { ...row, name: e.target.value }))}
                  {...invalid(`units.${i}.name`, `units.${i}`)}
                />
              </label>
              <RemoveButton
                label={t('training.removeUnit', { n: i + 1 })}
                onRemove={() => set('units', without(draft.units, i))}
                focusAfter={addButton}
              />
              {errorAt(`units.${i}`)}
            </div>
          )}
          error={errorAt('units', true)}
        />

        <Rows
          legend={t('training.resources')}
          hint={t('training.resourcesHint')}
          empty={t('training.noResources')}
          addLabel={t('training.addResource')}
          rows={draft.resources}
          max={100}
          onAdd={() => {
            const row: ResourceRow = { key: rowKey(), name: '' };
            setAdded(row.key);
            set('resources', [...draft.resources, row]);
          }}
          render={(row, i, addButton) => (
            <div className="training-row" key={row.key} data-testid={`resource-${i}`}>
              <label className="grow">
                {t('training.resource', { n: i + 1 })}
                <input
                  name={`resource-${i}`}
                  required
                  maxLength={200}
                  value={row.name}
                  autoFocus={row.key === added}
                  onChange={(e) => set('resources', replace(draft.resources, i, { ...row, name: e.target.value }))}
                  {...invalid(`resources.${i}`)}
                />
              </label>
              <RemoveButton
                label={t('training.removeResource', { n: i + 1 })}
                onRemove={() => set('resources', without(draft.resources, i))}
                focusAfter={addButton}
              />
              {errorAt(`resources.${i}`)}
            </div>
          )}
          error={errorAt('resources', true)}
        />

        <Rows
          legend={t('training.objectives')}
          empty={t('training.noObjectives')}
          addLabel={t('training.addObjective')}
          rows={draft.objectives}
          max={50}
          onAdd={() => {
            const row: ObjectiveRow = { key: rowKey(), text: '', threats: [], commitmentId: '' };
            setAdded(row.key);
            set('objectives', [...draft.objectives, row]);
          }}
          render={(row, i, addButton) => (
            <fieldset className="training-item" key={row.key} data-testid={`objective-${i}`}>
              <legend>{t('training.objective', { n: i + 1 })}</legend>
              <label>
                {t('training.objectiveText')}
                <textarea
                  name={`objective-${i}-text`}
                  dir="auto"
                  rows={2}
                  required
                  maxLength={2000}
                  value={row.text}
                  autoFocus={row.key === added}
                  onChange={(e) => set('objectives', replace(draft.objectives, i, { ...row, text: e.target.value }))}
                  {...invalid(`objectives.${i}.text`, `objectives.${i}`)}
                />
              </label>
              <fieldset>
                <legend>{t('training.threats')}</legend>
                {INCIDENT_DOMAIN_CODES.map((code) => (
                  <label key={code} className="check">
                    <input
                      type="checkbox"
                      name={`objective-${i}-threat`}
                      value={code}
                      checked={row.threats.includes(code)}
                      onChange={() =>
                        set(
                          'objectives',
                          replace(draft.objectives, i, {
                            ...row,
                            threats: row.threats.includes(code) ? row.threats.filter((c) => c !== code) : [...row.threats, code],
                          }),
                        )
                      }
                    />
                    {vocab(t, 'domains', code)}
                  </label>
                ))}
              </fieldset>
              <label>
                {t('training.commitmentId')}
                <input
                  name={`objective-${i}-commitment`}
                  dir="ltr"
                  autoComplete="off"
                  maxLength={36}
                  pattern="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                  value={row.commitmentId}
                  onChange={(e) => set('objectives', replace(draft.objectives, i, { ...row, commitmentId: e.target.value }))}
                  {...invalid(`objectives.${i}.commitmentId`, `objectives.${i}`)}
                />
              </label>
              {errorAt(`objectives.${i}`)}
              <RemoveButton
                label={t('training.removeObjective', { n: i + 1 })}
                onRemove={() => set('objectives', without(draft.objectives, i))}
                focusAfter={addButton}
              />
            </fieldset>
          )}
          error={errorAt('objectives', true)}
        />

        <label>
          {t('training.trainingAudience')}
          <textarea
            name="training-audience"
            dir="auto"
            rows={2}
            maxLength={2000}
            value={draft.trainingAudience}
            onChange={(e) => set('trainingAudience', e.target.value)}
            {...invalid('trainingAudience')}
          />
          {errorAt('trainingAudience')}
        </label>

        <Milestones
          rows={draft.milestones}
          added={added}
          onAdded={setAdded}
          onChange={(rows) => set('milestones', rows)}
          invalid={invalid}
          errorAt={errorAt}
        />

        <LabelPicker name="label" value={draft.label} onChange={(label) => set('label', label)} directory={directory.data} nation={lead} />
        {errorAt('label')}

        {issues.length > 0 && (
          <div className="error" role="alert" data-testid="exercise-invalid">
            <p>{t('training.fixFields')}</p>
            {rest.length > 0 && (
              <ul>
                {rest.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {issues.length === 0 && <ErrorMessage error={save.error} />}
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? t('form.saving') : exercise ? t('training.saveChanges') : t('training.planButton')}
        </button>
      </form>
      <ClashPanel
        waiting={plan === null}
        checking={clashes.isFetching}
        error={clashes.error}
        clashes={plan === null ? undefined : clashes.data?.clashes}
      />
    </div>
  );
}

const replace = <T,>(rows: readonly T[], i: number, row: T) => rows.map((r, j) => (j === i ? row : r));
const without = <T,>(rows: readonly T[], i: number) => rows.filter((_, j) => j !== i);

/** The planning milestones: kind, title, when, and the meeting that holds it (a meeting of the dialogue the planner may read). */
function Milestones({
  rows,
  added,
  onAdded,
  onChange,
  invalid,
  errorAt,
}: {
  rows: MilestoneRow[];
  added: number | null;
  onAdded: (key: number) => void;
  onChange: (rows: MilestoneRow[]) => void;
  invalid: (field: string, shownAt?: string) => object;
  errorAt: (field: string, exact?: boolean) => ReactNode;
}) {
  const { t } = useTranslation();
  // Planning conferences come before STARTEX: the meetings from today on are offered.
  const [from] = useState(() => `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
  const meetings = useMeetings(from);
  const known = meetings.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Rows
      legend={t('training.milestones')}
      hint={t('training.milestonesHint')}
      empty={t('training.noMilestones')}
      addLabel={t('training.addMilestone')}
      rows={rows}
      max={50}
      onAdd={() => {
        const row: MilestoneRow = { key: rowKey(), kind: nextKind(rows), title: '', startsAt: '', endsAt: '', meetingId: '' };
        onAdded(row.key);
        onChange([...rows, row]);
      }}
      render={(row, i, addButton) => (
        <fieldset className="training-item" key={row.key} data-testid={`milestone-${i}`}>
          <legend>{t('training.milestone', { n: i + 1 })}</legend>
          <div className="row">
            <label>
              {t('training.milestoneKind')}
              <select
                name={`milestone-${i}-kind`}
                value={row.kind}
                autoFocus={row.key === added}
                onChange={(e) => onChange(replace(rows, i, { ...row, kind: e.target.value as MilestoneKind }))}
                {...invalid(`milestones.${i}.kind`, `milestones.${i}`)}
              >
                {MILESTONE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`training.milestoneKinds.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="grow">
              {t('training.milestoneTitle')}
              <input
                name={`milestone-${i}-title`}
                maxLength={200}
                value={row.title}
                onChange={(e) => onChange(replace(rows, i, { ...row, title: e.target.value }))}
                {...invalid(`milestones.${i}.title`, `milestones.${i}`)}
              />
            </label>
          </div>
          <DateTimeInput
            name={`milestone-${i}-starts`}
            label={t('training.milestoneStarts')}
            value={row.startsAt}
            onChange={(v) => onChange(replace(rows, i, { ...row, startsAt: v }))}
            required
          />
          <DateTimeInput
            name={`milestone-${i}-ends`}
            label={t('training.milestoneEnds')}
            value={row.endsAt}
            onChange={(v) => onChange(replace(rows, i, { ...row, endsAt: v }))}
            required
          />
          <label>
            {t('training.milestoneMeeting')}
            <select
              name={`milestone-${i}-meeting`}
              value={row.meetingId}
              onChange={(e) => onChange(replace(rows, i, { ...row, meetingId: e.target.value }))}
              {...invalid(`milestones.${i}.meetingId`, `milestones.${i}`)}
            >
              <option value="">{t('training.noMeeting')}</option>
              {row.meetingId && !known.some((m) => m.id === row.meetingId) && <option value={row.meetingId}>{row.meetingId}</option>}
              {known.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title} ({m.startsAt.slice(0, 10)})
                </option>
              ))}
            </select>
          </label>
          {errorAt(`milestones.${i}`)}
          <RemoveButton
            label={t('training.removeMilestone', { n: i + 1 })}
            onRemove={() => onChange(without(rows, i))}
            focusAfter={addButton}
          />
        </fieldset>
      )}
      error={errorAt('milestones', true)}
    />
  );
}

/** The kind a new milestone starts as: the first planning step the exercise does not have yet. */
function nextKind(rows: readonly MilestoneRow[]): MilestoneKind {
  return MILESTONE_KINDS.find((k) => k !== 'other' && !rows.some((r) => r.kind === k)) ?? 'other';
}

/** The clashes of the plan as typed, beside the form; said again to assistive technology when they change. */
function ClashPanel({
  waiting,
  checking,
  error,
  clashes,
}: {
  waiting: boolean;
  checking: boolean;
  error: unknown;
  clashes: ClashListProps['clashes'] | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <aside className="clash-panel" aria-labelledby={`${id}-clashes`} data-testid="clash-panel">
      <h2 id={`${id}-clashes`}>{t('training.clashes')}</h2>
      <div aria-live="polite">
        {waiting && <p className="muted">{t('training.clashesIdle')}</p>}
        {!waiting && checking && <p className="muted">{t('training.checking')}</p>}
        {!waiting && <ErrorMessage error={error} />}
        {!waiting && clashes && clashes.length === 0 && <p>{t('training.noClashes')}</p>}
        {!waiting && clashes && clashes.length > 0 && <p className="clash-count">{t('training.clashCount', { count: clashes.length })}</p>}
      </div>
      {!waiting && clashes && clashes.length > 0 && <ClashList clashes={clashes} />}
      <p className="muted">{t('training.clashesHint')}</p>
    </aside>
  );
}

type ClashListProps = Parameters<typeof ClashList>[0];
