import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateNote, useDirectory } from '../../api/notes';
import { navigate } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import type { SessionResponse } from '../../../shared/contracts/auth';

export function NoteForm({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const create = useCreateNote();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [label, setLabel] = useState(emptyLabel);
  const [withSources, setWithSources] = useState(false);
  const [sourcesText, setSourcesText] = useState('');
  const [sourcesLabel, setSourcesLabel] = useState(emptyLabel);

  if (!session.permissions.includes('note.create')) return <p>{t('form.cannotCreate')}</p>;
  if (directory.isPending) return <p>{t('notes.loading')}</p>;
  if (directory.error) return <ErrorMessage error={directory.error} />;

  return (
    <form
      className="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(
          { title, body, label, ...(withSources && sourcesText ? { sources: { text: sourcesText, label: sourcesLabel } } : {}) },
          { onSuccess: (note) => navigate(`/notes/${note.id}`) },
        );
      }}
    >
      <h1>{t('form.title')}</h1>
      <label>
        {t('form.noteTitle')}
        <input name="title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
      </label>
      <label>
        {t('form.body')}
        <textarea name="body" rows={6} maxLength={20000} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      <LabelPicker name="label" value={label} onChange={setLabel} directory={directory.data} nation={session.nation.code} />
      <label className="check">
        <input type="checkbox" name="with-sources" checked={withSources} onChange={(e) => setWithSources(e.target.checked)} />
        {t('form.addSources')}
      </label>
      {withSources && (
        <>
          <label>
            {t('form.sourcesText')}
            <textarea name="sources" rows={3} value={sourcesText} onChange={(e) => setSourcesText(e.target.value)} />
          </label>
          <LabelPicker
            name="sources"
            value={sourcesLabel}
            onChange={setSourcesLabel}
            directory={directory.data}
            nation={session.nation.code}
          />
        </>
      )}
      <ErrorMessage error={create.error} />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? t('form.saving') : t('form.save')}
      </button>
    </form>
  );
}
