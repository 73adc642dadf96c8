import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SITUATION_LEVELS } from '../../../shared/vocab/crisis';
import { useAddEntry } from '../../api/crises';
import { useDirectory } from '../../api/notes';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker } from '../../components/LabelPicker';
import { formatMarking } from '../../../shared/labels/format-label';
import type { Crisis, CrisisEntry, CrisisEntryCreateRequest } from '../../../shared/contracts/crises';
import type { LabelInput } from '../../../shared/labels/label';
import type { SituationLevel } from '../../../shared/vocab/crisis';
import { DateTimeInput } from '../../components/DateTimeInput';

const KINDS = ['log', 'sitrep', 'request', 'offer', 'task'] as const;
type Kind = (typeof KINDS)[number];

/** The crisis's label for this nation's entries: every other participant, the same protection. */
const roomLabel = (crisis: Crisis, nation: string): LabelInput => ({
  classification: crisis.label.classification,
  relTo: crisis.participants.filter((n) => n !== nation),
  caveats: crisis.label.caveats,
  tlp: crisis.label.tlp === 'CLEAR' ? 'GREEN' : crisis.label.tlp,
  recipients: { orgs: [], users: [] },
});

// The date inputs hold UTC (`YYYY-MM-DDTHH:MMZ`), which Date reads as such.
const toIso = (utc: string) => (utc ? new Date(utc).toISOString() : '');
const localNow = () => `${new Date().toISOString().slice(0, 16)}Z`;

/** Writes in the room: a log line, a situation report on the template, a request, an offer or a task. */
export function EntryComposer({ crisis, nation, entries }: { crisis: Crisis; nation: string; entries: CrisisEntry[] }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const add = useAddEntry(crisis.id);
  const [kind, setKind] = useState<Kind>('log');
  const [label, setLabel] = useState(() => roomLabel(crisis, nation));
  const [fields, setFields] = useState<Record<string, string>>({ level: 'normal', asOf: localNow() });
  const field = (name: string) => fields[name] ?? '';
  const set = (name: string) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const openRequests = entries.filter((e) => e.request && (e.request.state === 'open' || e.request.state === 'matched'));

  const request = (): CrisisEntryCreateRequest => {
    const base = { crisisId: crisis.id, label };
    switch (kind) {
      case 'log':
        return { ...base, kind, text: field('text') };
      case 'sitrep':
        return {
          ...base,
          kind,
          sitrep: {
            asOf: toIso(field('asOf')),
            level: field('level') as SituationLevel,
            situation: field('situation'),
            actionsTaken: field('actionsTaken'),
            assessment: field('assessment'),
            nextSteps: field('nextSteps'),
            needs: field('needs'),
          },
        };
      case 'request':
        return {
          ...base,
          kind,
          what: field('what'),
          quantity: field('quantity'),
          ...(field('neededBy') ? { neededBy: toIso(field('neededBy')) } : {}),
        };
      case 'offer':
        return { ...base, kind, what: field('what'), ...(field('requestId') ? { requestId: field('requestId') } : {}) };
      case 'task':
        return {
          ...base,
          kind,
          title: field('title'),
          details: field('details'),
          ownerNation: field('ownerNation'),
          deadline: toIso(field('deadline')),
        };
    }
  };

  if (directory.isPending) return null;
  if (directory.error) return <ErrorMessage error={directory.error} />;
  return (
    <form
      className="entry-composer"
      aria-labelledby="composer-title"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate(request(), { onSuccess: () => setFields({ level: 'normal', asOf: localNow() }) });
      }}
    >
      <h2 id="composer-title">{t('crisis.write')}</h2>
      <fieldset className="composer-fields" disabled={add.isPending}>
        <label>
          {t('crisis.entryKind')}
          <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`crisis.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'log' && (
          <label>
            {t('crisis.text')}
            <textarea name="text" required rows={3} maxLength={10000} value={field('text')} onChange={set('text')} />
          </label>
        )}
        {kind === 'sitrep' && (
          <fieldset>
            <legend>{t('crisis.kinds.sitrep')}</legend>
            <DateTimeInput
              name="asOf"
              label={t('crisis.asOf')}
              required
              value={field('asOf')}
              onChange={(v) => set('asOf')({ target: { value: v } })}
            />
            <label>
              {t('crisis.situation')}
              <select name="level" value={field('level')} onChange={set('level')}>
                {SITUATION_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`crisis.levels.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            {(['situation', 'actionsTaken', 'assessment', 'nextSteps', 'needs'] as const).map((name) => (
              <label key={name}>
                {t(`crisis.sitrepFields.${name}`)}
                <textarea name={name} rows={2} maxLength={10000} required={name === 'situation'} value={field(name)} onChange={set(name)} />
              </label>
            ))}
          </fieldset>
        )}
        {(kind === 'request' || kind === 'offer') && (
          <label>
            {t(kind === 'request' ? 'crisis.needed' : 'crisis.offered')}
            <input name="what" required maxLength={2000} value={field('what')} onChange={set('what')} />
          </label>
        )}
        {kind === 'request' && (
          <>
            <label>
              {t('crisis.quantity')}
              <input name="quantity" maxLength={200} value={field('quantity')} onChange={set('quantity')} />
            </label>
            <DateTimeInput
              name="neededBy"
              label={t('crisis.neededBy')}
              value={field('neededBy')}
              onChange={(v) => set('neededBy')({ target: { value: v } })}
            />
          </>
        )}
        {kind === 'offer' && (
          <label>
            {t('crisis.answers')}
            <select name="requestId" value={field('requestId')} onChange={set('requestId')}>
              <option value="">{t('crisis.noRequest')}</option>
              {openRequests.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.nation}: {r.request?.what}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'task' && (
          <>
            <label>
              {t('crisis.taskTitle')}
              <input name="title" required maxLength={200} value={field('title')} onChange={set('title')} />
            </label>
            <label>
              {t('crisis.details')}
              <textarea name="details" rows={2} maxLength={10000} value={field('details')} onChange={set('details')} />
            </label>
            <label>
              {t('crisis.ownerNation')}
              <select name="ownerNation" required value={field('ownerNation')} onChange={set('ownerNation')}>
                <option value="" />
                {crisis.participants.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <DateTimeInput
              name="deadline"
              label={t('crisis.deadline')}
              required
              value={field('deadline')}
              onChange={(v) => set('deadline')({ target: { value: v } })}
            />
          </>
        )}
        {/* The crisis's own label is the default: shown as one line, opened only to change it. */}
        <details className="label-default">
          <summary>
            {t('crisis.entryLabel')}: <bdi>{formatMarking({ ...label, originator: { nation, org: '' } })}</bdi>{' '}
            <span className="muted">({t('crisis.changeLabel')})</span>
          </summary>
          <LabelPicker name="entry-label" value={label} onChange={setLabel} directory={directory.data} nation={nation} />
        </details>
      </fieldset>
      <ErrorMessage error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {add.isPending ? t('form.saving') : t('crisis.add')}
      </button>
    </form>
  );
}
