import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useCreateActor } from '../../api/picture-records';
import { navigate } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import { ACTOR_KINDS } from '../../../shared/vocab/picture-records';
import type { ActorKind } from '../../../shared/vocab/picture-records';
import type { SessionResponse } from '../../../shared/contracts/auth';
import { vocab } from '../../i18n/vocab';

export function ActorForm({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const create = useCreateActor();
  const [kind, setKind] = useState<ActorKind>('armed-group');
  const [name, setName] = useState('');
  const [aliases, setAliases] = useState('');
  const [country, setCountry] = useState('');
  const [description, setDescription] = useState('');
  const [label, setLabel] = useState(emptyLabel);
  if (!session.permissions.includes('incident.create')) return <p>{t('form.cannotCreate')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;
  return (
    <form
      className="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          {
            kind,
            name,
            aliases: aliases
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean),
            description,
            ...(country ? { country: country.toUpperCase() } : {}),
            label,
          },
          { onSuccess: (actor) => navigate(`/actors/${actor.id}`) },
        );
      }}
    >
      <h1>{t('actors.new')}</h1>
      <label>
        {t('actors.name')}
        <input name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </label>
      <label>
        {t('actors.kind')}
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as ActorKind)}>
          {ACTOR_KINDS.map((k) => (
            <option key={k} value={k}>
              {vocab(t, 'actorKinds', k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('actors.aliases')}
        <input name="aliases" value={aliases} onChange={(e) => setAliases(e.target.value)} />
      </label>
      <label>
        {t('incidents.country')}
        <input name="country" maxLength={3} size={4} value={country} onChange={(e) => setCountry(e.target.value)} />
      </label>
      <label>
        {t('actors.description')}
        <textarea name="description" rows={4} maxLength={20000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? t('form.saving') : t('incidents.save')}
      </button>
    </form>
  );
}
