import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useCreateIncident, useVocabulary } from '../../api/incidents';
import { navigate } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { CasualtyCount, IncidentCreateRequest } from '../../../shared/contracts/incidents';
import { DateTimeInput } from '../../components/DateTimeInput';
import { vocab } from '../../i18n/vocab';

/** A casualty count as the API takes it: unknown, exactly n, or between min and max. */
export function CountInput({
  name,
  label,
  value,
  onChange,
}: {
  name: string;
  label: string;
  value: CasualtyCount;
  onChange: (v: CasualtyCount) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="count">
      <legend>{label}</legend>
      <select
        name={`${name}-kind`}
        aria-label={`${label}: ${t('incidents.countKind')}`}
        value={value.kind}
        onChange={(e) =>
          onChange(
            e.target.value === 'unknown'
              ? { kind: 'unknown' }
              : e.target.value === 'range'
                ? { kind: 'range', min: 0, max: 0 }
                : { kind: 'value', value: 0 },
          )
        }
      >
        <option value="unknown">{t('incidents.unknown')}</option>
        <option value="value">{t('incidents.exactly')}</option>
        <option value="range">{t('incidents.between')}</option>
      </select>
      {value.kind === 'value' && (
        <input
          name={name}
          aria-label={label}
          type="number"
          min={0}
          value={value.value}
          onChange={(e) => onChange({ kind: 'value', value: Number(e.target.value) })}
        />
      )}
      {value.kind === 'range' && (
        <>
          <input
            name={`${name}-min`}
            aria-label={`${label} min`}
            type="number"
            min={0}
            value={value.min}
            onChange={(e) => onChange({ ...value, min: Number(e.target.value) })}
          />
          <input
            name={`${name}-max`}
            aria-label={`${label} max`}
            type="number"
            min={0}
            value={value.max}
            onChange={(e) => onChange({ ...value, max: Number(e.target.value) })}
          />
        </>
      )}
    </fieldset>
  );
}

export function IncidentForm({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const vocabulary = useVocabulary();
  const directory = useDirectory();
  const create = useCreateIncident();
  const [domain, setDomain] = useState('border-incident');
  const [subtype, setSubtype] = useState('illegal-crossing');
  const [title, setTitle] = useState('');
  const [narrative, setNarrative] = useState('');
  const [occurredAt, setOccurredAt] = useState(() => `${new Date().toISOString().slice(0, 16)}Z`);
  const [timePrecision, setTimePrecision] = useState('exact');
  const [country, setCountry] = useState(session.nation.code);
  const [placeName, setPlaceName] = useState('');
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const [geoPrecision, setGeoPrecision] = useState('near');
  const [killed, setKilled] = useState<CasualtyCount>({ kind: 'unknown' });
  const [wounded, setWounded] = useState<CasualtyCount>({ kind: 'unknown' });
  const [abducted, setAbducted] = useState<CasualtyCount>({ kind: 'unknown' });
  const [label, setLabel] = useState(emptyLabel);

  if (!session.permissions.includes('incident.create')) return <p>{t('incidents.cannotCreate')}</p>;
  if (vocabulary.isPending || directory.isPending) return <p>{t('notes.loading')}</p>;
  if (vocabulary.error || directory.error) return <ErrorMessage error={vocabulary.error ?? directory.error} />;
  const subtypes = vocabulary.data.incidentDomains[domain] ?? [];

  const submit = () => {
    const input: IncidentCreateRequest = {
      domain,
      subtype,
      title,
      narrative,
      occurredAt: new Date(occurredAt).toISOString(),
      timePrecision: timePrecision as IncidentCreateRequest['timePrecision'],
      place: {
        country: country.toUpperCase(),
        precision: geoPrecision as IncidentCreateRequest['place']['precision'],
        ...(placeName ? { name: placeName } : {}),
        ...(lat !== '' && lon !== '' ? { point: { lat: Number(lat), lon: Number(lon) } } : {}),
      },
      casualties: { killed, wounded, abducted },
      label,
    };
    create.mutate(input, { onSuccess: (incident) => navigate(`/incidents/${incident.id}`) });
  };

  return (
    <form
      className="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h1>{t('incidents.newTitle')}</h1>
      <p className="hint">{t('incidents.draftHint')}</p>
      <div className="row">
        <label>
          {t('incidents.domain')}
          <select
            name="domain"
            value={domain}
            onChange={(e) => {
              setDomain(e.target.value);
              setSubtype(vocabulary.data.incidentDomains[e.target.value]?.[0] ?? '');
            }}
          >
            {Object.keys(vocabulary.data.incidentDomains).map((d) => (
              <option key={d} value={d}>
                {vocab(t, 'domains', d)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('incidents.subtype')}
          <select name="subtype" value={subtype} onChange={(e) => setSubtype(e.target.value)}>
            {subtypes.map((s) => (
              <option key={s} value={s}>
                {vocab(t, 'subtypes', s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t('form.noteTitle')}
        <input name="title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {t('incidents.narrative')}
        <textarea name="narrative" rows={5} value={narrative} onChange={(e) => setNarrative(e.target.value)} />
      </label>
      <div className="row">
        <DateTimeInput name="occurredAt" label={t('incidents.when')} required value={occurredAt} onChange={setOccurredAt} />
        <label>
          {t('incidents.timePrecision')}
          <select name="timePrecision" value={timePrecision} onChange={(e) => setTimePrecision(e.target.value)}>
            {vocabulary.data.timePrecisions.map((p) => (
              <option key={p} value={p}>
                {t(`incidents.precision.${p}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label>
          {t('incidents.country')}
          <input
            name="country"
            required
            pattern="[A-Za-z]{3}"
            maxLength={3}
            size={4}
            value={country}
            onChange={(e) => setCountry(e.target.value)}
          />
        </label>
        <label>
          {t('incidents.placeName')}
          <input name="placeName" value={placeName} onChange={(e) => setPlaceName(e.target.value)} />
        </label>
        <label>
          {t('incidents.latitude')}
          <input name="lat" type="number" step="any" min={-90} max={90} value={lat} onChange={(e) => setLat(e.target.value)} />
        </label>
        <label>
          {t('incidents.longitude')}
          <input name="lon" type="number" step="any" min={-180} max={180} value={lon} onChange={(e) => setLon(e.target.value)} />
        </label>
        <label>
          {t('incidents.geoPrecision')}
          <select name="geoPrecision" value={geoPrecision} onChange={(e) => setGeoPrecision(e.target.value)}>
            {vocabulary.data.geoPrecisions.map((p) => (
              <option key={p} value={p}>
                {vocab(t, 'geoPrecision', p)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <CountInput name="killed" label={t('incidents.killed')} value={killed} onChange={setKilled} />
        <CountInput name="wounded" label={t('incidents.wounded')} value={wounded} onChange={setWounded} />
        <CountInput name="abducted" label={t('incidents.abducted')} value={abducted} onChange={setAbducted} />
      </div>
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? t('form.saving') : t('incidents.save')}
      </button>
    </form>
  );
}
