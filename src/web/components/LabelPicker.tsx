/** Picks a release label and shows the canonical marking it will carry before anything is saved. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMarking } from '../../shared/labels/format-label';
import { TLP_LEVELS } from '../../shared/vocab/levels';
import { AudiencePreview } from './AudiencePreview';
import type { DirectoryResponse } from '../../shared/contracts/directory';
import type { LabelInput } from '../../shared/labels/label';

export const emptyLabel = (): LabelInput => ({
  classification: 'UNCLASSIFIED',
  relTo: [],
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
});

function toggle(values: string[], value: string): string[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

export function LabelPicker({
  value,
  onChange,
  directory,
  nation,
  name,
}: {
  value: LabelInput;
  onChange: (label: LabelInput) => void;
  directory: DirectoryResponse;
  nation: string;
  name: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const marking = formatMarking({
    originator: { nation, org: '' },
    classification: value.classification,
    relTo: [nation, ...value.relTo],
    caveats: value.caveats,
    tlp: value.tlp,
  });
  const usableCommunities = directory.communities.filter((c) => c.members.includes(nation));
  const needsOrgs = value.tlp === 'AMBER' || value.tlp === 'AMBER+STRICT';
  return (
    <fieldset className="label-picker" data-testid={`label-picker-${name}`}>
      <legend>{t('form.label')}</legend>
      <div className="row">
        <label>
          {t('form.classification')}
          <select
            name={`${name}-classification`}
            value={value.classification}
            onChange={(e) => onChange({ ...value, classification: e.target.value as LabelInput['classification'] })}
          >
            {directory.classifications.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          {t('form.tlp')}
          <select
            name={`${name}-tlp`}
            value={value.tlp}
            onChange={(e) => {
              const tlp = e.target.value as LabelInput['tlp'];
              onChange({
                ...value,
                tlp,
                recipients: tlp === 'AMBER' || tlp === 'AMBER+STRICT' ? value.recipients : { orgs: [], users: [] },
              });
            }}
          >
            {TLP_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
      </div>
      <fieldset>
        <legend>
          {t('form.relTo')} — {t('form.nations')}
        </legend>
        {directory.nations
          .filter((n) => n.code !== nation)
          .map((n) => (
            <label key={n.code} className="check">
              <input
                type="checkbox"
                name={`${name}-relTo`}
                value={n.code}
                checked={value.relTo.includes(n.code)}
                onChange={() => onChange({ ...value, relTo: toggle(value.relTo, n.code) })}
              />
              {n.code} <span className="muted">{n.name}</span>
            </label>
          ))}
      </fieldset>
      {usableCommunities.length > 0 && (
        <fieldset>
          <legend>{t('form.communities')}</legend>
          {usableCommunities.map((c) => (
            <label key={c.code} className="check">
              <input
                type="checkbox"
                name={`${name}-relTo`}
                value={c.code}
                checked={value.relTo.includes(c.code)}
                onChange={() => onChange({ ...value, relTo: toggle(value.relTo, c.code) })}
              />
              {c.code} <span className="muted">{c.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      {directory.caveats.length > 0 && (
        <fieldset>
          <legend>{t('form.caveats')}</legend>
          {directory.caveats.map((c) => (
            <label key={c.code} className="check">
              <input
                type="checkbox"
                name={`${name}-caveats`}
                value={c.code}
                checked={value.caveats.includes(c.code)}
                onChange={() => onChange({ ...value, caveats: toggle(value.caveats, c.code) })}
              />
              {c.code} <span className="muted">{c.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      {needsOrgs && (
        <label>
          {t('form.recipientOrgs')}
          <select
            multiple
            name={`${name}-recipientOrgs`}
            value={value.recipients.orgs}
            onChange={(e) => onChange({ ...value, recipients: { orgs: [...e.target.selectedOptions].map((o) => o.value), users: [] } })}
            size={6}
          >
            {directory.organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.nation} — {o.name}
              </option>
            ))}
          </select>
          <small>{t('form.recipientOrgsHint')}</small>
        </label>
      )}
      {value.tlp === 'RED' && (
        <RedRecipients value={value} onChange={(users) => onChange({ ...value, recipients: { orgs: [], users } })} name={name} />
      )}
      <AudiencePreview label={value} name={name} />
      <p className="preview">
        <span id={`${id}-preview`}>{t('form.preview')}:</span>{' '}
        <output aria-labelledby={`${id}-preview`} data-testid={`marking-preview-${name}`}>
          {marking}
        </output>
      </p>
    </fieldset>
  );
}

interface Candidate {
  id: string;
  username: string;
  displayName: string;
  organisation: string;
  nation: string;
}

/** TLP:RED names its readers: only people the rest of the label lets in are offered. */
function RedRecipients({ value, onChange, name }: { value: LabelInput; onChange: (users: string[]) => void; name: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [known, setKnown] = useState<Record<string, Candidate>>({});
  const candidates = useQuery({
    queryKey: ['red-recipients', value.classification, value.relTo, value.caveats, q],
    queryFn: () =>
      api<{ items: Candidate[] }>('POST', '/api/labels/red-recipients', { label: { ...value, recipients: { orgs: [], users: [] } }, q }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const chosen = value.recipients.users;
  const describe = (c: Candidate) => `${c.displayName} (${c.organisation}, ${c.nation})`;
  return (
    <fieldset data-testid={`red-recipients-${name}`}>
      <legend>{t('form.redRecipients')}</legend>
      {chosen.length === 0 && <p className="hint">{t('form.redHint')}</p>}
      <ul>
        {chosen.map((id) => (
          <li key={id}>
            {known[id] ? describe(known[id]) : id}{' '}
            <button type="button" className="link-button" onClick={() => onChange(chosen.filter((u) => u !== id))}>
              {t('form.removeRecipient', { name: known[id]?.displayName ?? id })}
            </button>
          </li>
        ))}
      </ul>
      <label>
        {t('form.findRecipient')}
        <input name={`${name}-red-find`} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <ul>
        {(candidates.data?.items ?? [])
          .filter((c) => !chosen.includes(c.id))
          .slice(0, 10)
          .map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setKnown({ ...known, [c.id]: c });
                  onChange([...chosen, c.id]);
                }}
              >
                {t('form.addRecipient', { name: describe(c) })}
              </button>
            </li>
          ))}
      </ul>
    </fieldset>
  );
}
