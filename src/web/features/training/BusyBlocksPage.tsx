import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useDirectory } from '../../api/notes';
import { useBusyBlocks, useCreateBusyBlock, useImportBusyBlocks, useSetBlockStatus } from '../../api/training';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { LabelPicker, emptyLabel } from '../../components/LabelPicker';
import { MarkingBanner } from '../../components/MarkingBanner';
import { REGION_TIME_ZONES } from '../dialogue/meeting-time';
import { messagesAt } from './exercise-draft';
import { Span, TrainingLinks, spanText } from './TrainingParts';
import type { SessionResponse } from '../../../shared/contracts/auth';
import type { BusyBlockView } from '../../../shared/contracts/training';
import type { DirectoryResponse } from '../../../shared/contracts/directory';

type Shown = 'draft' | 'published' | null;

/**
 * Busy blocks: what keeps a nation's units — or the nation — busy, as partners see it (never why).
 * The list holds the drafts an import made and the published blocks the reader may read; the
 * nation's planners publish and withdraw them, add one by hand and import an .ics file's events as
 * drafts.
 */
export function BusyBlocksPage({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<Shown>(null);
  const blocks = useBusyBlocks(shown);
  const directory = useDirectory();
  const items = blocks.data?.pages.flatMap((p) => p.items) ?? [];
  const canPlan = session.permissions.includes('exercise.plan');
  return (
    <section className="busy-blocks-page">
      <MarkingBanner markings={items.map((b) => b.label)} />
      <h1>{t('training.busy.title')}</h1>
      <p className="muted">{t('training.busy.intro')}</p>
      <TrainingLinks omit="busy-blocks" />
      <div className="training-filters">
        <label>
          {t('training.busy.show')}
          <select name="shown" value={shown ?? ''} onChange={(e) => setShown((e.target.value || null) as Shown)}>
            <option value="">{t('training.busy.all')}</option>
            <option value="draft">{t('training.busy.drafts')}</option>
            <option value="published">{t('training.busy.published')}</option>
          </select>
        </label>
      </div>
      <ErrorMessage error={blocks.error} />
      {blocks.isPending && <p>{t('notes.loading')}</p>}
      {blocks.data && items.length === 0 && <p className="empty">{canPlan ? t('training.busy.emptyPlan') : t('training.busy.empty')}</p>}
      {items.length > 0 && <BlockTable items={items} />}
      {blocks.hasNextPage && (
        <button type="button" onClick={() => void blocks.fetchNextPage()} disabled={blocks.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
      {canPlan && directory.data && (
        <>
          <AddBlockForm session={session} directory={directory.data} />
          <ImportForm session={session} directory={directory.data} />
        </>
      )}
      {canPlan && <ErrorMessage error={directory.error} />}
      {!canPlan && <p className="muted">{t('training.busy.cannotPlan')}</p>}
    </section>
  );
}

function BlockTable({ items }: { items: BusyBlockView[] }) {
  const { t, i18n } = useTranslation();
  const setStatus = useSetBlockStatus();
  const editable = items.some((b) => b.can.edit);
  return (
    <>
      <table data-testid="busy-blocks">
        <thead>
          <tr>
            <th scope="col">{t('training.when')}</th>
            <th scope="col">{t('training.busy.what')}</th>
            <th scope="col">{t('training.nation')}</th>
            <th scope="col">{t('training.unit')}</th>
            <th scope="col">{t('training.status')}</th>
            <th scope="col">{t('training.marking')}</th>
            {editable && (
              <th scope="col">
                <span className="visually-hidden">{t('training.busy.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.id} className={`busy-${b.status}`} data-testid={`busy-${b.id}`}>
              <td>
                <Span startsAt={b.startsAt} endsAt={b.endsAt} allDay={b.allDay} timeZone={b.timeZone} />
              </td>
              <td>
                <bdi>{b.title}</bdi>
              </td>
              <td>{b.nation}</td>
              <td>{b.unit ? <bdi>{b.unit}</bdi> : <span className="muted">{t('training.busy.wholeNation')}</span>}</td>
              <td>
                <span className={`busy-status busy-status-${b.status}`}>{t(`training.busy.statuses.${b.status}`)}</span>
              </td>
              <td className="marking">{b.label.marking}</td>
              {editable && (
                <td className="actions">
                  {b.can.edit && b.status === 'draft' && (
                    <button
                      type="button"
                      disabled={setStatus.isPending}
                      aria-label={t('training.busy.publishNamed', { title: `${b.title}, ${spanText(b, i18n.language)}` })}
                      onClick={() => setStatus.mutate({ id: b.id, to: 'publish' })}
                    >
                      {t('training.busy.publish')}
                    </button>
                  )}
                  {b.can.edit && (
                    <button
                      type="button"
                      className="secondary"
                      disabled={setStatus.isPending}
                      aria-label={t('training.busy.withdrawNamed', { title: `${b.title}, ${spanText(b, i18n.language)}` })}
                      onClick={() => {
                        if (window.confirm(t('training.busy.withdrawConfirm'))) setStatus.mutate({ id: b.id, to: 'withdraw' });
                      }}
                    >
                      {t('training.busy.withdraw')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={setStatus.error} />
    </>
  );
}

/** The zone field both forms share, with the region's zones offered. */
function ZoneField({ name, value, onChange, error }: { name: string; value: string; onChange: (zone: string) => void; error: string[] }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <label>
      {t('training.busy.timeZone')}
      <input
        name={name}
        required
        list={`${id}-zones`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error.length > 0 || undefined}
        aria-describedby={error.length > 0 ? `${id}-error` : undefined}
      />
      <datalist id={`${id}-zones`}>
        {REGION_TIME_ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {error.length > 0 && (
        <small className="field-error" id={`${id}-error`}>
          {error.join(' ')}
        </small>
      )}
    </label>
  );
}

const issuesOf = (error: unknown) => (error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? error.issues : []);

function FieldError({ messages }: { messages: string[] }) {
  return messages.length > 0 ? <small className="field-error">{messages.join(' ')}</small> : null;
}

/** A block entered by hand: published at once, as whole days in its zone or from one moment to another. */
function AddBlockForm({ session, directory }: { session: SessionResponse; directory: DirectoryResponse }) {
  const { t } = useTranslation();
  const id = useId();
  const create = useCreateBusyBlock();
  const [title, setTitle] = useState(() => t('training.busy.defaultTitle'));
  const [unit, setUnit] = useState('');
  const [allDay, setAllDay] = useState(true);
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [timeZone, setTimeZone] = useState('Asia/Karachi');
  const [label, setLabel] = useState(emptyLabel);
  const [done, setDone] = useState(false);
  const issues = issuesOf(create.error);
  return (
    <form
      className="busy-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        setDone(false);
        const times = allDay
          ? { allDay: true as const, startDate, endDate }
          : {
              allDay: false as const,
              startsAt: startsAt ? new Date(startsAt).toISOString() : '',
              endsAt: endsAt ? new Date(endsAt).toISOString() : '',
            };
        create.mutate(
          { title, unit: unit.trim() || null, timeZone, label, ...times },
          {
            onSuccess: () => {
              setDone(true);
              setStartDate('');
              setEndDate('');
              setStartsAt('');
              setEndsAt('');
            },
          },
        );
      }}
    >
      <h2 id={`${id}-heading`}>{t('training.busy.add')}</h2>
      <label>
        {t('training.busy.titleField')}
        <input name="block-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        <FieldError messages={messagesAt(issues, 'title')} />
      </label>
      <label>
        {t('training.busy.unitField')}
        <input name="block-unit" maxLength={200} value={unit} onChange={(e) => setUnit(e.target.value)} />
        <FieldError messages={messagesAt(issues, 'unit')} />
      </label>
      <label className="check">
        <input type="checkbox" name="block-all-day" checked={allDay} onChange={(e) => setAllDay(e.target.checked)} />
        {t('training.busy.allDay')}
      </label>
      <ZoneField name="block-time-zone" value={timeZone} onChange={setTimeZone} error={messagesAt(issues, 'timeZone')} />
      {allDay ? (
        <>
          <DateTimeInput
            name="block-first-day"
            label={t('training.busy.firstDay')}
            value={startDate}
            onChange={setStartDate}
            mode="date"
            zone={timeZone}
            required
          />
          <FieldError messages={messagesAt(issues, 'startDate')} />
          <DateTimeInput
            name="block-last-day"
            label={t('training.busy.lastDay')}
            value={endDate}
            onChange={setEndDate}
            mode="date"
            zone={timeZone}
            required
          />
          <FieldError messages={messagesAt(issues, 'endDate')} />
        </>
      ) : (
        <>
          <DateTimeInput name="block-starts" label={t('training.busy.starts')} value={startsAt} onChange={setStartsAt} required />
          <FieldError messages={messagesAt(issues, 'startsAt')} />
          <DateTimeInput name="block-ends" label={t('training.busy.ends')} value={endsAt} onChange={setEndsAt} required />
          <FieldError messages={messagesAt(issues, 'endsAt')} />
        </>
      )}
      <p className="muted">{t('training.busy.labelHint')}</p>
      <LabelPicker name="block-label" value={label} onChange={setLabel} directory={directory} nation={session.nation.code} />
      <FieldError messages={messagesAt(issues, 'label')} />
      <ErrorMessage error={create.error} />
      {done && (
        <p className="notice" role="status">
          {t('training.busy.added')}
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        {t('training.busy.addButton')}
      </button>
    </form>
  );
}

/** An .ics file read in the browser and sent as text: its events become drafts; what was made and what was left out (and why) is said. */
function ImportForm({ session, directory }: { session: SessionResponse; directory: DirectoryResponse }) {
  const { t } = useTranslation();
  const id = useId();
  const importing = useImportBusyBlocks();
  const [file, setFile] = useState<File | null>(null);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<unknown>(null);
  const [unit, setUnit] = useState('');
  const [title, setTitle] = useState('');
  const [timeZone, setTimeZone] = useState('Asia/Karachi');
  const [label, setLabel] = useState(emptyLabel);
  const issues = issuesOf(importing.error);
  const result = importing.data;
  return (
    <form
      className="busy-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!file) return;
        setReading(true);
        setReadError(null);
        file
          .text()
          .then((calendar) => importing.mutate({ calendar, unit: unit.trim() || null, title: title.trim() || null, timeZone, label }))
          .catch((error: unknown) => setReadError(error))
          .finally(() => setReading(false));
      }}
    >
      <h2 id={`${id}-heading`}>{t('training.busy.import')}</h2>
      <p className="muted">{t('training.busy.importHint')}</p>
      <label>
        {t('training.busy.file')}
        <input
          type="file"
          name="ics-file"
          accept=".ics,text/calendar"
          required
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            importing.reset();
          }}
        />
        <FieldError messages={messagesAt(issues, 'calendar')} />
      </label>
      <label>
        {t('training.busy.unitField')}
        <input name="import-unit" maxLength={200} value={unit} onChange={(e) => setUnit(e.target.value)} />
        <FieldError messages={messagesAt(issues, 'unit')} />
      </label>
      <label>
        {t('training.busy.importTitle')}
        <input name="import-title" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        <FieldError messages={messagesAt(issues, 'title')} />
      </label>
      <ZoneField name="import-time-zone" value={timeZone} onChange={setTimeZone} error={messagesAt(issues, 'timeZone')} />
      <LabelPicker name="import-label" value={label} onChange={setLabel} directory={directory} nation={session.nation.code} />
      <FieldError messages={messagesAt(issues, 'label')} />
      <ErrorMessage error={readError ?? importing.error} />
      <button type="submit" disabled={!file || reading || importing.isPending}>
        {reading && file ? t('training.busy.reading', { name: file.name }) : t('training.busy.importButton')}
      </button>
      <div aria-live="polite" data-testid="import-result">
        {result && (
          <>
            <p className="notice">{t('training.busy.imported', { count: result.created.length })}</p>
            {result.skipped.length > 0 && (
              <>
                <p>{t('training.busy.skipped', { count: result.skipped.length })}</p>
                <ul className="skipped">
                  {result.skipped.map((s, i) => (
                    <li key={`${s.uid ?? ''}-${i}`}>
                      <bdi>{s.summary || t('training.busy.noSummary')}</bdi>: <span lang="en">{s.why}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
    </form>
  );
}
