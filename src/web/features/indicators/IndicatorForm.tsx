import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useCreateIndicator, useIndicatorCheck } from '../../api/picture-records';
import { navigate } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import { INDICATOR_TYPES } from '../../../shared/vocab/picture-records';
import type { IndicatorType } from '../../../shared/vocab/picture-records';
import type { SessionResponse } from '../../../shared/contracts/auth';
import { vocab } from '../../i18n/vocab';

export function IndicatorForm({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const create = useCreateIndicator();
  const [type, setType] = useState<IndicatorType>('domain');
  const [value, setValue] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [label, setLabel] = useState(emptyLabel);
  const check = useIndicatorCheck(type, value);
  if (!session.permissions.includes('incident.create')) return <p>{t('form.cannotCreate')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;
  return (
    <form
      className="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          { type, value, ...(name.trim() ? { name } : {}), description, label },
          { onSuccess: (indicator) => navigate(`/indicators/${indicator.id}`) },
        );
      }}
    >
      <h1>{t('indicators.new')}</h1>
      <label>
        {t('indicators.type')}
        <select name="type" value={type} onChange={(e) => setType(e.target.value as IndicatorType)}>
          {INDICATOR_TYPES.map((k) => (
            <option key={k} value={k}>
              {vocab(t, 'indicatorTypes', k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('indicators.value')}
        <input name="value" required maxLength={2048} value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
      </label>
      {check.data && value.trim() && (
        <p className={check.data.ok ? 'hint' : 'warning'} role="status" data-testid="indicator-check">
          {check.data.ok ? `${t('indicators.storedAs')} ${check.data.value}` : check.data.message}
          {check.data.ok && check.data.warnings.length > 0 ? ` ⚠ ${check.data.warnings.join(' ')}` : ''}
        </p>
      )}
      <label>
        {t('indicators.name')}
        <input name="name" maxLength={2048} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('actors.description')}
        <textarea name="description" rows={3} maxLength={20000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? t('form.saving') : t('incidents.save')}
      </button>
    </form>
  );
}
