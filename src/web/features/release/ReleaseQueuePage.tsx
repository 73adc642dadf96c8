import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useBulkRelease, useReleaseQueue } from '../../api/release-queue';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker } from '../../components/LabelPicker';
import { ReleaseConfirmDialog } from './ReleaseConfirmDialog';
import { labelInputOf, markingWith } from './release-labels';
import type { ReleaseChoice } from './ReleaseConfirmDialog';
import type { BulkReleaseResult, ReleaseQueueItem } from '../../../shared/contracts/release-queue';
import type { LabelInput } from '../../../shared/labels/label';
import type { SessionResponse } from '../../../shared/contracts/auth';
import { formatMoment } from '../../../shared/time/format-moment';

const keyOf = (item: { kind: string; id: string }) => `${item.kind}:${item.id}`;

const inputOf = (item: ReleaseQueueItem) => labelInputOf(item.proposedLabel);
const markingOf = (item: ReleaseQueueItem, label: LabelInput) => markingWith(item.proposedLabel, label);

/**
 * What awaits the releasing officer's release: every draft of their nation they may read, newest
 * first. Each row's label may be adjusted (with who will read it) before releasing; the selected
 * rows are released together after a confirmation that says who will be able to read each one.
 */
export function ReleaseQueuePage({ session }: { session: SessionResponse }) {
  const { t, i18n } = useTranslation();
  const queue = useReleaseQueue();
  const directory = useDirectory();
  const release = useBulkRelease();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [adjusted, setAdjusted] = useState<Record<string, LabelInput>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ outcomes: BulkReleaseResult['items']; titles: Record<string, string> } | null>(null);
  const items = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const total = queue.data?.pages[0]?.total ?? 0;
  const when = (iso: string) => formatMoment(iso, i18n.language);
  const toggle = (key: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const chosen = items.filter((i) => selected.has(keyOf(i)));
  const choices: ReleaseChoice[] = chosen.map((i) => {
    const label = adjusted[keyOf(i)] ?? inputOf(i);
    return { key: keyOf(i), title: i.title, label, marking: markingOf(i, label) };
  });
  const confirm = () =>
    release.mutate(
      {
        items: chosen.map((i) => ({
          kind: i.kind,
          id: i.id,
          version: i.version,
          ...(adjusted[keyOf(i)] ? { label: adjusted[keyOf(i)] } : {}),
        })),
      },
      {
        onSuccess: (answer) => {
          setResult({ outcomes: answer.items, titles: Object.fromEntries(chosen.map((i) => [keyOf(i), i.title])) });
          setSelected(new Set());
          setAdjusted({});
          setOpen(null);
          setConfirming(false);
        },
        onError: () => setConfirming(false),
      },
    );
  return (
    <section data-testid="release-queue">
      <h1>{t('releaseQueue.title', { count: total })}</h1>
      <p className="hint">{t('releaseQueue.hint')}</p>
      {result && (
        <div role="status" data-testid="release-result">
          <ul>
            {result.outcomes.map((o) => (
              <li key={keyOf(o)} data-outcome={o.outcome}>
                {result.titles[keyOf(o)] ?? o.id}: {t(`releaseQueue.outcome.${o.outcome}`)}
                {o.reason ? ` — ${o.reason.message}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorMessage error={queue.error ?? release.error} />
      {queue.isPending ? (
        <p>{t('notes.loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty" data-testid="release-queue-empty">
          {t('releaseQueue.empty')}
        </p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label={t('releaseQueue.selectAll')}
                    checked={selected.size === items.length}
                    onChange={() => setSelected(selected.size === items.length ? new Set() : new Set(items.map(keyOf)))}
                  />
                </th>
                <th scope="col">{t('releaseQueue.kind')}</th>
                <th scope="col">{t('releaseQueue.record')}</th>
                <th scope="col">{t('releaseQueue.originator')}</th>
                <th scope="col">{t('releaseQueue.label')}</th>
                <th scope="col">{t('releaseQueue.askedBy')}</th>
                <th scope="col">{t('releaseQueue.askedAt')}</th>
                <th scope="col">{t('releaseQueue.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const key = keyOf(item);
                const label = adjusted[key];
                return [
                  <tr key={key} data-testid="release-queue-row" data-id={item.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('releaseQueue.select', { title: item.title })}
                        checked={selected.has(key)}
                        onChange={() => toggle(key)}
                      />
                    </td>
                    <td>{t(`releaseQueue.kinds.${item.kind}`)}</td>
                    <td>
                      <AppLink to={`/${item.kind === 'incident' ? 'incidents' : `${item.kind}s`}/${item.id}`}>{item.title}</AppLink>
                      {item.approval && (
                        <p className="hint">
                          {t('releaseQueue.approvedBy', { name: item.approval.by.name, marking: item.approval.label.marking })}
                        </p>
                      )}
                    </td>
                    <td>
                      {item.originatorName} ({item.proposedLabel.originator.nation})
                    </td>
                    <td data-testid="queue-marking">
                      {label ? (
                        <>
                          <s aria-label={t('releaseQueue.proposedWas', { marking: item.proposedLabel.marking })}>
                            {item.proposedLabel.marking}
                          </s>{' '}
                          <strong>{markingOf(item, label)}</strong>
                        </>
                      ) : (
                        item.proposedLabel.marking
                      )}
                    </td>
                    <td>{item.author.name}</td>
                    <td>
                      <time dateTime={item.askedAt}>{when(item.askedAt)}</time>
                    </td>
                    <td>
                      <button
                        type="button"
                        aria-expanded={open === key}
                        aria-controls={`adjust-${item.id}`}
                        aria-label={t('releaseQueue.adjustFor', { title: item.title })}
                        onClick={() => setOpen(open === key ? null : key)}
                      >
                        {t('releaseQueue.adjust')}
                      </button>
                    </td>
                  </tr>,
                  open === key && directory.data ? (
                    <tr key={`${key}-adjust`} id={`adjust-${item.id}`}>
                      <td colSpan={8}>
                        <LabelPicker
                          value={label ?? inputOf(item)}
                          onChange={(next) => setAdjusted({ ...adjusted, [key]: next })}
                          directory={directory.data}
                          nation={session.nation.code}
                          name={`queue-${item.id}`}
                        />
                        {label && (
                          <button
                            type="button"
                            onClick={() => {
                              const rest = { ...adjusted };
                              delete rest[key];
                              setAdjusted(rest);
                            }}
                          >
                            {t('releaseQueue.useProposed')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ) : null,
                ];
              })}
            </tbody>
          </table>
          {queue.hasNextPage && (
            <button type="button" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
              {t('releaseQueue.more')}
            </button>
          )}
          <p>
            <button type="button" disabled={chosen.length === 0} onClick={() => setConfirming(true)} data-testid="release-selected">
              {t('releaseQueue.releaseSelected', { count: chosen.length })}
            </button>
          </p>
        </>
      )}
      {confirming && choices.length > 0 && (
        <ReleaseConfirmDialog choices={choices} onConfirm={confirm} onCancel={() => setConfirming(false)} busy={release.isPending} />
      )}
    </section>
  );
}
