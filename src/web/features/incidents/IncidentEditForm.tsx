import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { fetchIncident, useUpdateIncident, useVocabulary } from '../../api/incidents';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { VersionDiff } from '../../components/VersionDiff';
import { fieldChanges } from '../../components/version-diff';
import { CountInput } from './IncidentForm';
import { formatLocal } from './format';
import type { CasualtyCount, Incident, IncidentUpdateRequest } from '../../../shared/contracts/incidents';
import { vocab } from '../../i18n/vocab';

type Source = NonNullable<Incident['sources']>['items'][number];

/** What the person is typing: text as typed, numbers as the text of their inputs. */
interface Draft {
  title: string;
  narrative: string;
  /** `YYYY-MM-DD HH:mm`, in UTC: typed as text, because a browser's date-time input shows the ambiguous local form. */
  occurredAt: string;
  timePrecision: string;
  country: string;
  admin1: string;
  admin2: string;
  placeName: string;
  lat: string;
  lon: string;
  geoPrecision: string;
  uncertaintyKm: string;
  killed: CasualtyCount;
  wounded: CasualtyCount;
  abducted: CasualtyCount;
  /** Null when the reader may not see the incident's sources (or it has none): then they are not offered. */
  sources: Source[] | null;
}

type Field = keyof Draft;

/** The fields of the form each field of the edit request is made from. */
const GROUPS: Record<keyof IncidentUpdateRequest & string, Field[]> = {
  domain: [],
  subtype: [],
  title: ['title'],
  narrative: ['narrative'],
  occurredAt: ['occurredAt'],
  timePrecision: ['timePrecision'],
  place: ['country', 'admin1', 'admin2', 'placeName', 'lat', 'lon', 'geoPrecision', 'uncertaintyKm'],
  casualties: ['killed', 'wounded', 'abducted'],
  sources: ['sources'],
};

/** Where the API's validation issues (by path) are shown. */
const ISSUE_PATHS: Partial<Record<Field, string[]>> = {
  title: ['title'],
  narrative: ['narrative'],
  occurredAt: ['occurredAt'],
  timePrecision: ['timePrecision'],
  country: ['place.country'],
  admin1: ['place.admin1'],
  admin2: ['place.admin2'],
  placeName: ['place.name'],
  lat: ['place.point.lat'],
  lon: ['place.point.lon'],
  geoPrecision: ['place.precision'],
  uncertaintyKm: ['place.uncertaintyKm'],
  killed: ['casualties.killed'],
  wounded: ['casualties.wounded'],
  abducted: ['casualties.abducted'],
  sources: ['sources'],
};
const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

function draftOf(incident: Incident): Draft {
  const { place } = incident;
  return {
    title: incident.title,
    narrative: incident.narrative,
    occurredAt: new Date(incident.occurredAt).toISOString().slice(0, 16).replace('T', ' '),
    timePrecision: incident.timePrecision,
    country: place.country,
    admin1: place.admin1 ?? '',
    admin2: place.admin2 ?? '',
    placeName: place.name ?? '',
    lat: place.point ? String(place.point.lat) : '',
    lon: place.point ? String(place.point.lon) : '',
    geoPrecision: place.precision,
    uncertaintyKm: place.uncertaintyKm !== undefined ? String(place.uncertaintyKm) : '',
    killed: incident.casualties.killed,
    wounded: incident.casualties.wounded,
    abducted: incident.casualties.abducted,
    sources: incident.sources ? incident.sources.items.map((s) => ({ ...s })) : null,
  };
}

const UTC_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;
/** The moment a `YYYY-MM-DD HH:mm` text names in UTC, or null when it names none. */
function utcMoment(text: string): string | null {
  const match = UTC_TIME.exec(text.trim());
  const at = match ? new Date(`${match[1]}T${match[2]}:00Z`) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
}

const numberOrNothing = (text: string) => (text.trim() === '' ? undefined : Number(text));
const optionalText = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** The whole edit request the form stands for; a time or number it cannot read is sent as typed, for the API to name. */
function requestOf(d: Draft): IncidentUpdateRequest {
  const lat = numberOrNothing(d.lat);
  const lon = numberOrNothing(d.lon);
  const uncertaintyKm = numberOrNothing(d.uncertaintyKm);
  const place = {
    country: d.country.trim().toUpperCase(),
    admin1: optionalText(d.admin1),
    admin2: optionalText(d.admin2),
    name: optionalText(d.placeName),
    point: lat !== undefined || lon !== undefined ? ({ lat, lon } as { lat: number; lon: number }) : undefined,
    precision: d.geoPrecision as NonNullable<IncidentUpdateRequest['place']>['precision'],
    uncertaintyKm,
  };
  return {
    title: d.title,
    narrative: d.narrative,
    occurredAt: utcMoment(d.occurredAt) ?? d.occurredAt,
    timePrecision: d.timePrecision as IncidentUpdateRequest['timePrecision'],
    // Undefined members leave the JSON: an emptied field is no longer part of the place.
    place: JSON.parse(JSON.stringify(place)) as IncidentUpdateRequest['place'],
    casualties: { killed: d.killed, wounded: d.wounded, abducted: d.abducted },
    ...(d.sources ? { sources: { items: d.sources } } : {}),
  };
}

/** Only what the person changed against the version they edit, so a re-applied edit keeps others' changes elsewhere. */
function changesOf(draft: Draft, base: Incident): IncidentUpdateRequest {
  const mine = requestOf(draft);
  const theirs = requestOf(draftOf(base));
  return Object.fromEntries(
    Object.entries(mine).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(theirs[key as keyof IncidentUpdateRequest])),
  ) as IncidentUpdateRequest;
}

/** An incident as the content of a version, to show what someone else changed. */
const contentOf = (i: Incident): Record<string, unknown> => ({
  title: i.title,
  narrative: i.narrative,
  domain: i.domain,
  subtype: i.subtype,
  occurredAt: i.occurredAt,
  timePrecision: i.timePrecision,
  place: {
    country: i.place.country,
    admin1: i.place.admin1,
    admin2: i.place.admin2,
    name: i.place.name,
    lat: i.place.point?.lat,
    lon: i.place.point?.lon,
    precision: i.place.precision,
    uncertaintyKm: i.place.uncertaintyKm,
  },
  casualties: i.casualties,
  ...(i.sources ? { sources: i.sources.items.map((s) => `${s.description} (${s.reliability}${s.credibility})`) } : {}),
});

/**
 * Edits an incident's content as a new version. It sends the version it edits; when someone else
 * changed the incident meanwhile it says so, shows what they changed, and keeps what was typed.
 */
export function IncidentEditForm({
  incident,
  onSaved,
  onCancel,
}: {
  incident: Incident;
  onSaved: (result: { version: number; changed: boolean }) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const vocabulary = useVocabulary();
  const update = useUpdateIncident(incident.id);
  const [base, setBase] = useState(incident);
  const [draft, setDraft] = useState(() => draftOf(incident));
  const [conflict, setConflict] = useState<Incident | null>(null);
  const [reapplied, setReapplied] = useState(false);
  const set =
    <K extends Field>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  const issues = update.error instanceof ApiError && update.error.code === 'VALIDATION_FAILED' ? update.error.issues : [];
  const errorsOf = (field: Field) => issues.filter((i) => (ISSUE_PATHS[field] ?? []).some((p) => under(i.path, p))).map((i) => i.message);
  const unplaced = issues.filter((i) => !Object.values(ISSUE_PATHS).some((paths) => paths.some((p) => under(i.path, p))));
  /** Props that tie an input to the errors shown under it. */
  const described = (field: Field) =>
    errorsOf(field).length > 0 ? { 'aria-invalid': true, 'aria-describedby': `edit-${field}-error` } : { 'aria-invalid': false };
  const errorsUnder = (field: Field) => {
    const messages = errorsOf(field);
    return messages.length > 0 ? (
      <span className="field-error" id={`edit-${field}-error`}>
        {messages.join(' ')}
      </span>
    ) : null;
  };
  const isConflict = update.error instanceof ApiError && update.error.status === 409;

  const save = () => {
    setReapplied(false);
    const changes = changesOf(draft, base);
    // Nothing typed: the API still answers (with the same version), and the person is told so.
    const body = Object.keys(changes).length > 0 ? changes : { title: draft.title };
    update.mutate(
      { update: body, version: base.version },
      {
        onSuccess: (saved) => onSaved({ version: saved.version, changed: saved.version !== base.version }),
        onError: (error) => {
          if (!(error instanceof ApiError && error.status === 409)) return;
          void client.fetchQuery({ queryKey: ['incidents', incident.id], queryFn: () => fetchIncident(incident.id), staleTime: 0 }).then(
            (latest) => setConflict(latest),
            () => setConflict(null),
          );
        },
      },
    );
  };

  /** Puts what the person changed on top of the current version; fields they left alone take its values. */
  const reapply = () => {
    if (!conflict) return;
    const mine = changesOf(draft, base);
    const next = draftOf(conflict);
    for (const group of Object.keys(mine) as (keyof typeof GROUPS)[])
      for (const field of GROUPS[group]) (next as unknown as Record<string, unknown>)[field] = draft[field];
    setDraft(next);
    setBase(conflict);
    setConflict(null);
    setReapplied(true);
    update.reset();
  };

  const occurredIso = utcMoment(draft.occurredAt);

  return (
    <form
      className="note-form incident-edit"
      data-testid="incident-edit"
      aria-labelledby="incident-edit-heading"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <h2 id="incident-edit-heading">{t('incidentEdit.heading', { version: base.version })}</h2>
      <p className="hint">{t('incidentEdit.hint')}</p>
      {isConflict && (
        <div className="error conflict" role="alert" data-testid="edit-conflict">
          <p>{conflict ? t('incidentEdit.conflict', { version: conflict.version }) : t('incidentEdit.conflictGone')}</p>
          {conflict && (
            <>
              <p>{t('incidentEdit.theirChanges')}</p>
              <VersionDiff changes={fieldChanges(contentOf(base), contentOf(conflict))} testId="conflict-diff" />
              <button type="button" onClick={reapply}>
                {t('incidentEdit.reapply', { version: conflict.version })}
              </button>
            </>
          )}
        </div>
      )}
      {reapplied && (
        <p role="status" className="notice">
          {t('incidentEdit.reapplied', { version: base.version })}
        </p>
      )}
      <label>
        {t('incidentEdit.titleField')}
        <input
          name="title"
          required
          maxLength={200}
          autoFocus
          value={draft.title}
          onChange={(e) => set('title')(e.target.value)}
          {...described('title')}
        />
        {errorsUnder('title')}
      </label>
      <label>
        {t('incidents.narrative')}
        <textarea
          name="narrative"
          rows={6}
          maxLength={20_000}
          value={draft.narrative}
          onChange={(e) => set('narrative')(e.target.value)}
          {...described('narrative')}
        />
        {errorsUnder('narrative')}
      </label>
      <div className="row">
        <label>
          {t('incidentEdit.occurredAtUtc')}
          <input
            name="occurredAt"
            required
            inputMode="numeric"
            pattern="\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}"
            placeholder="YYYY-MM-DD HH:MM"
            size={17}
            value={draft.occurredAt}
            onChange={(e) => set('occurredAt')(e.target.value)}
            {...described('occurredAt')}
            aria-describedby={['edit-occurredAt-local', errorsOf('occurredAt').length > 0 ? 'edit-occurredAt-error' : '']
              .filter(Boolean)
              .join(' ')}
          />
          <small id="edit-occurredAt-local" data-testid="occurred-local">
            {occurredIso ? t('incidentEdit.yourTime', { time: formatLocal(occurredIso, i18n.language) }) : t('incidentEdit.timeFormat')}
          </small>
          {errorsUnder('occurredAt')}
        </label>
        <label>
          {t('incidents.timePrecision')}
          <select name="timePrecision" value={draft.timePrecision} onChange={(e) => set('timePrecision')(e.target.value)}>
            {(vocabulary.data?.timePrecisions ?? [draft.timePrecision]).map((p) => (
              <option key={p} value={p}>
                {t(`incidents.precision.${p}`)}
              </option>
            ))}
          </select>
          {errorsUnder('timePrecision')}
        </label>
      </div>
      <fieldset>
        <legend>{t('incidents.where')}</legend>
        <div className="row">
          <label>
            {t('incidents.country')}
            <input
              name="country"
              required
              pattern="[A-Za-z]{3}"
              maxLength={3}
              size={4}
              value={draft.country}
              onChange={(e) => set('country')(e.target.value)}
              {...described('country')}
            />
            {errorsUnder('country')}
          </label>
          <label>
            {t('incidentEdit.admin1')}
            <input
              name="admin1"
              maxLength={120}
              value={draft.admin1}
              onChange={(e) => set('admin1')(e.target.value)}
              {...described('admin1')}
            />
            {errorsUnder('admin1')}
          </label>
          <label>
            {t('incidentEdit.admin2')}
            <input
              name="admin2"
              maxLength={120}
              value={draft.admin2}
              onChange={(e) => set('admin2')(e.target.value)}
              {...described('admin2')}
            />
            {errorsUnder('admin2')}
          </label>
          <label>
            {t('incidents.placeName')}
            <input
              name="placeName"
              maxLength={200}
              value={draft.placeName}
              onChange={(e) => set('placeName')(e.target.value)}
              {...described('placeName')}
            />
            {errorsUnder('placeName')}
          </label>
        </div>
        <div className="row">
          <label>
            {t('incidents.latitude')}
            <input
              name="lat"
              type="number"
              step="any"
              min={-90}
              max={90}
              value={draft.lat}
              onChange={(e) => set('lat')(e.target.value)}
              {...described('lat')}
            />
            {errorsUnder('lat')}
          </label>
          <label>
            {t('incidents.longitude')}
            <input
              name="lon"
              type="number"
              step="any"
              min={-180}
              max={180}
              value={draft.lon}
              onChange={(e) => set('lon')(e.target.value)}
              {...described('lon')}
            />
            {errorsUnder('lon')}
          </label>
          <label>
            {t('incidents.geoPrecision')}
            <select name="geoPrecision" value={draft.geoPrecision} onChange={(e) => set('geoPrecision')(e.target.value)}>
              {(vocabulary.data?.geoPrecisions ?? [draft.geoPrecision]).map((p) => (
                <option key={p} value={p}>
                  {vocab(t, 'geoPrecision', p)}
                </option>
              ))}
            </select>
            {errorsUnder('geoPrecision')}
          </label>
          <label>
            {t('incidentEdit.uncertaintyKm')}
            <input
              name="uncertaintyKm"
              type="number"
              step="any"
              min={0}
              max={5000}
              value={draft.uncertaintyKm}
              onChange={(e) => set('uncertaintyKm')(e.target.value)}
              {...described('uncertaintyKm')}
            />
            {errorsUnder('uncertaintyKm')}
          </label>
        </div>
      </fieldset>
      <div className="row">
        {(['killed', 'wounded', 'abducted'] as const).map((field) => (
          <div key={field}>
            <CountInput name={field} label={t(`incidents.${field}`)} value={draft[field]} onChange={set(field)} />
            {errorsUnder(field)}
          </div>
        ))}
      </div>
      {draft.sources && base.sources && (
        <fieldset className="sources" data-testid="edit-sources">
          <legend>{t('notes.sources')}</legend>
          <MarkingBanner markings={[base.sources.label]} />
          {draft.sources.map((source, index) => {
            const n = index + 1;
            const change = (patch: Partial<Source>) =>
              set('sources')((draft.sources ?? []).map((s, j) => (j === index ? { ...s, ...patch } : s)));
            return (
              <div className="row" key={index}>
                <label>
                  {t('incidentEdit.sourceDescription', { n })}
                  <input
                    name={`source-${n}-description`}
                    required
                    maxLength={2000}
                    value={source.description}
                    onChange={(e) => change({ description: e.target.value })}
                  />
                </label>
                <label>
                  {t('incidentEdit.sourceReliability', { n })}
                  <select
                    name={`source-${n}-reliability`}
                    value={source.reliability}
                    onChange={(e) => change({ reliability: e.target.value as Source['reliability'] })}
                  >
                    {(vocabulary.data?.sourceReliability ?? [source.reliability]).map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t('incidentEdit.sourceCredibility', { n })}
                  <select
                    name={`source-${n}-credibility`}
                    value={source.credibility}
                    onChange={(e) => change({ credibility: Number(e.target.value) })}
                  >
                    {(vocabulary.data?.informationCredibility ?? [source.credibility]).map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  disabled={(draft.sources ?? []).length <= 1}
                  onClick={() => set('sources')((draft.sources ?? []).filter((_, j) => j !== index))}
                >
                  {t('incidentEdit.removeSource', { n })}
                </button>
              </div>
            );
          })}
          <button
            type="button"
            onClick={() => set('sources')([...(draft.sources ?? []), { description: '', reliability: 'F', credibility: 6 }])}
          >
            {t('incidentEdit.addSource')}
          </button>
          {errorsUnder('sources')}
        </fieldset>
      )}
      {issues.length > 0 && (
        <div className="error" role="alert" data-testid="edit-invalid">
          <p>{t('incidentEdit.fixFields')}</p>
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!isConflict && issues.length === 0 && <ErrorMessage error={update.error} />}
      <div className="row">
        <button type="submit" disabled={update.isPending || conflict !== null}>
          {update.isPending ? t('form.saving') : t('incidentEdit.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('incidentEdit.cancel')}
        </button>
      </div>
    </form>
  );
}
