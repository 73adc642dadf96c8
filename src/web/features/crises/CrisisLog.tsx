import { useTranslation } from 'react-i18next';
import { formatMarking } from '../../../shared/labels/format-label';
import { useMoveEntry } from '../../api/crises';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { CrisisEntry } from '../../../shared/contracts/crises';
import { Moment } from '../../components/Moment';
import { formatMoment } from '../../../shared/time/format-moment';

/** The room's log: every entry the reader may read, newest first, with the moves they may make. */
export function CrisisLog({ crisisId, entries }: { crisisId: string; entries: CrisisEntry[] }) {
  const { t } = useTranslation();
  const move = useMoveEntry(crisisId);
  const byId = new Map(entries.map((e) => [e.id, e]));
  if (entries.length === 0) return <p className="empty">{t('crisis.emptyLog')}</p>;
  return (
    <>
      <ErrorMessage error={move.error} />
      <ol className="crisis-log" data-testid="crisis-log">
        {[...entries].reverse().map((entry) => (
          <li key={entry.id} data-kind={entry.kind} data-testid={`entry-${entry.kind}`}>
            <EntryLine entry={entry} subject={entry.update ? byId.get(entry.update.subjectId) : undefined} />
            {entry.can.actions.length > 0 && (
              <span className="actions">
                {entry.can.actions.map((action) => (
                  <button key={action} type="button" disabled={move.isPending} onClick={() => move.mutate({ id: entry.id, action })}>
                    {t(`crisis.actions.${action}`)}
                  </button>
                ))}
              </span>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

function EntryLine({ entry, subject }: { entry: CrisisEntry; subject: CrisisEntry | undefined }) {
  const { t, i18n } = useTranslation();
  const at = formatMoment(entry.enteredAt, i18n.language);
  const state = (s: string) => <span className={`state state-${s}`}>{t(`crisis.states.${s}`)}</span>;
  return (
    <div className="entry">
      <div className="meta">
        <time dateTime={entry.enteredAt}>{at}</time> · <strong>{entry.nation}</strong> · {entry.enteredBy.name} ·{' '}
        <span className="kind">{t(`crisis.kinds.${entry.kind}`)}</span>
        <span className="marking">{formatMarking(entry.label)}</span>
      </div>
      {entry.text !== undefined && <p>{entry.text}</p>}
      {entry.sitrep && (
        <dl className="sitrep">
          <dt>{t('crisis.level')}</dt>
          <dd className={`level-${entry.sitrep.level}`}>
            {t(`crisis.levels.${entry.sitrep.level}`)} — {t('crisis.asOf')} <Moment at={entry.sitrep.asOf} />
          </dd>
          {(['situation', 'actionsTaken', 'assessment', 'nextSteps', 'needs'] as const).map((field) =>
            entry.sitrep?.[field] ? (
              <div key={field}>
                <dt>{t(`crisis.sitrepFields.${field}`)}</dt>
                <dd>{entry.sitrep[field]}</dd>
              </div>
            ) : null,
          )}
        </dl>
      )}
      {entry.request && (
        <p>
          {entry.request.what}
          {entry.request.quantity && ` (${entry.request.quantity})`} {state(entry.request.state)}
          {entry.request.offers > 0 && <span className="muted"> {t('crisis.offerCount', { count: entry.request.offers })}</span>}
        </p>
      )}
      {entry.offer && (
        <p>
          {entry.offer.what} {state(entry.offer.state)}
        </p>
      )}
      {entry.task && (
        <p>
          <strong>{entry.task.title}</strong> — {entry.task.ownerNation}
          {entry.task.owner && ` (${entry.task.owner.name})`}, {t('crisis.deadline')} <Moment at={entry.task.deadline} />{' '}
          {state(entry.task.state)}
          {entry.task.overdue && <strong className="overdue"> {t('crisis.overdue')}</strong>}
          {entry.task.details && <span className="muted"> {entry.task.details}</span>}
        </p>
      )}
      {entry.update && (
        <p>
          {t(`crisis.did.${entry.update.action}`)} {subject ? describe(subject) : t('crisis.anEntry')}
          {entry.update.note && <span className="muted"> — {entry.update.note}</span>}
        </p>
      )}
    </div>
  );
}

const describe = (e: CrisisEntry) => `“${e.request?.what ?? e.offer?.what ?? e.task?.title ?? ''}”`;
