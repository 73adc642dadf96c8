import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { useNotes } from '../../api/notes';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';

export function NotesPage() {
  const { t } = useTranslation();
  const notes = useNotes();
  if (notes.isPending) return <p>{t('notes.loading')}</p>;
  if (notes.error) return <ErrorMessage error={notes.error} />;
  const items = notes.data.pages.flatMap((p) => p.items);
  return (
    <section>
      <MarkingBanner markings={items.map((n) => n.label)} />
      <h1>{t('notes.title')}</h1>
      {items.length === 0 ? (
        <div className="empty">
          <p>{t('notes.empty')}</p>
          <p>{t('notes.emptyAction')}</p>
        </div>
      ) : (
        <>
          <p className="muted">{t('notes.count', { count: items.length })}</p>
          <ul className="note-list" data-testid="note-list">
            {items.map((note) => (
              <li key={note.id}>
                <AppLink to={`/notes/${note.id}`}>{note.title}</AppLink>
                <span className={`chip marking-${note.label.classification.toLowerCase()}`}>{note.label.marking}</span>
                {note.label.state === 'recalled' && <span className="chip recalled">{t('notes.recalled')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {notes.hasNextPage && (
        <button type="button" onClick={() => void notes.fetchNextPage()} disabled={notes.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
    </section>
  );
}
