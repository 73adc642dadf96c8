import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { ApiError } from '../../api/client';
import { useNote, useRecallNote } from '../../api/notes';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';

export function NoteDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const note = useNote(id);
  const recall = useRecallNote(id);
  const [reason, setReason] = useState('');
  const back = <AppLink to="/notes">{t('notes.back')}</AppLink>;
  if (note.isPending) return <p>{t('notes.loading')}</p>;
  if (note.error) {
    if (note.error instanceof ApiError && (note.error.status === 404 || note.error.status === 400)) {
      return (
        <section data-testid="note-not-found">
          <h1>{t('notes.notFound')}</h1>
          <p>{t('notes.notFoundHint')}</p>
          {back}
        </section>
      );
    }
    return <ErrorMessage error={note.error} />;
  }
  const n = note.data;
  return (
    <article className="note" data-testid="note-detail">
      <MarkingBanner markings={[n.label]} />
      {back}
      <h1 dir="auto">{n.title}</h1>
      {n.label.state === 'recalled' && <p className="chip recalled">{t('notes.recalled')}</p>}
      <p className="muted">
        {t('notes.createdAt')}: <Moment at={n.createdAt} />
      </p>
      <p className="body">{n.body}</p>
      {n.sources && (
        <section className="sources">
          <MarkingBanner markings={[n.sources.label]} />
          <h2>{t('notes.sources')}</h2>
          <p>{n.sources.text}</p>
        </section>
      )}
      {n.can.recall && (
        <form
          className="recall"
          onSubmit={(event) => {
            event.preventDefault();
            recall.mutate(reason);
          }}
        >
          <label>
            {t('notes.recallReason')}
            <input name="reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <ErrorMessage error={recall.error} />
          <button type="submit" className="danger" disabled={recall.isPending}>
            {t('notes.recall')}
          </button>
        </form>
      )}
      <MarkingBanner markings={[n.label]} />
    </article>
  );
}
