/** Picks a release label and shows the canonical marking it will carry before anything is saved. */
import { useId } from 'react';
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
            {TLP_LEVELS.filter((l) => l !== 'RED').map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">{t('form.redHint')}</p>
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
