import { meetingAudienceLabel } from './meeting-label';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddAgendaItem, useAttachToAgendaItem, useUpdateAgendaItem, useWriteMinutes } from '../../api/dialogue';
import { useDirectory } from '../../api/notes';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { fileSize } from '../../components/files';
import { LabelPicker } from '../../components/LabelPicker';
import { inVenueZone } from './meeting-time';
import type { AgendaItemView, Meeting } from '../../../shared/contracts/dialogue';
import type { LabelInput } from '../../../shared/labels/label';

/**
 * The agenda as the reader may read it, numbered among those items; its minutes and files under
 * each. The host's organisers add, move and minute items; they and the delegates of the nation
 * leading an item attach files to it.
 */
export function AgendaSection({ meeting }: { meeting: Meeting }) {
  const { t, i18n } = useTranslation();
  const move = useUpdateAgendaItem();
  const items = meeting.agenda;
  return (
    <section aria-labelledby="agenda">
      <h2 id="agenda">{t('dialogue.agenda')}</h2>
      {items.length === 0 && <p className="empty">{t(meeting.can.organise ? 'dialogue.emptyAgendaOrganise' : 'dialogue.emptyAgenda')}</p>}
      <ol className="agenda" data-testid="agenda">
        {items.map((item, i) => (
          <li key={item.id} value={item.number}>
            <h3>
              <span className="agenda-title">
                {item.number}. {item.title}
              </span>{' '}
              <small className="marking">{item.label.marking}</small>
            </h3>
            <p className="muted">
              {t('dialogue.ledBy', { nation: item.ownerNation })}
              {item.slotStart && <> · {inVenueZone(item.slotStart, meeting.timeZone, i18n.language)}</>}
            </p>
            {item.description && <p>{item.description}</p>}
            {meeting.can.organise && (
              <p className="actions">
                <button
                  type="button"
                  disabled={i === 0 || move.isPending}
                  onClick={() => move.mutate({ id: item.id, after: i < 2 ? null : items[i - 2]!.id })}
                  aria-label={t('dialogue.moveUp', { title: item.title })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={i === items.length - 1 || move.isPending}
                  onClick={() => move.mutate({ id: item.id, after: items[i + 1]!.id })}
                  aria-label={t('dialogue.moveDown', { title: item.title })}
                >
                  ↓
                </button>
              </p>
            )}
            <Minutes item={item} />
            <Files item={item} />
          </li>
        ))}
      </ol>
      <ErrorMessage error={move.error} />
      {meeting.can.organise && <AddItemForm meeting={meeting} />}
    </section>
  );
}

function Minutes({ item }: { item: AgendaItemView }) {
  const { t } = useTranslation();
  const write = useWriteMinutes();
  const [text, setText] = useState<string | null>(null);
  const minutes = item.minutes;
  if (text !== null)
    return (
      <form
        className="minutes-form"
        onSubmit={(event) => {
          event.preventDefault();
          write.mutate({ itemId: item.id, text }, { onSuccess: () => setText(null) });
        }}
      >
        <label>
          {t('dialogue.minutes')}
          <textarea
            name={`minutes-${item.number}`}
            rows={6}
            required
            maxLength={100000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoFocus
          />
        </label>
        <ErrorMessage error={write.error} />
        <button type="submit" disabled={write.isPending}>
          {t('dialogue.saveMinutes')}
        </button>
        <button type="button" onClick={() => setText(null)}>
          {t('dialogue.close')}
        </button>
      </form>
    );
  return (
    <div className="minutes">
      {minutes && (
        <>
          <h4>
            {t('dialogue.minutes')} <small className="muted">({t(`dialogue.minutesStatuses.${minutes.status}`)})</small>{' '}
            <small className="marking">{minutes.label.marking}</small>
          </h4>
          <p className="minutes-text">{minutes.text}</p>
        </>
      )}
      {(minutes ? minutes.can.edit : item.can.edit) && (
        <button type="button" onClick={() => setText(minutes?.text ?? '')}>
          {minutes ? t('dialogue.editMinutes') : t('dialogue.writeMinutes')}
        </button>
      )}
    </div>
  );
}

/** An item's files as downloads, with who attached them and their markings; where the reader may, a file input to attach another. */
function Files({ item }: { item: AgendaItemView }) {
  const { t } = useTranslation();
  const attach = useAttachToAgendaItem();
  const hintId = useId();
  const uploadingId = useId();
  const files = item.attachments;
  if (files.length === 0 && !item.can.attach) return null;
  return (
    <div className="agenda-files" data-testid={`agenda-files-${item.number}`}>
      <h4>{t('dialogue.files')}</h4>
      {files.length === 0 ? (
        <p className="hint">{t('dialogue.noFiles')}</p>
      ) : (
        <ul>
          {files.map((a) => (
            <li key={a.id} data-testid="agenda-file">
              <a href={`/api/agenda-attachments/${encodeURIComponent(a.id)}`} download={a.fileName}>
                <bdi>{a.fileName}</bdi>
              </a>{' '}
              <span className="muted">
                <bdi dir="ltr">{fileSize(a.size)}</bdi> · {t('dialogue.attachedBy', { nation: a.nation })}
              </span>{' '}
              <small className="marking">{a.label.marking}</small>
            </li>
          ))}
        </ul>
      )}
      {item.can.attach && (
        <>
          <label>
            {t('dialogue.attachFile')}
            <input
              name={`item-file-${item.number}`}
              type="file"
              aria-label={t('dialogue.attachFileTo', { title: item.title })}
              aria-describedby={hintId}
              disabled={attach.isPending}
              onChange={(event) => {
                const input = event.currentTarget;
                const file = input.files?.[0];
                if (file) attach.mutate({ itemId: item.id, file }, { onSettled: () => (input.value = '') });
              }}
            />
          </label>
          <p className="hint" id={hintId}>
            {t('dialogue.attachHint')}
          </p>
          <p role="status" className="uploading">
            {attach.isPending && (
              <>
                <progress aria-labelledby={uploadingId} />{' '}
                <span id={uploadingId}>{t('dialogue.uploading', { name: attach.variables.file.name })}</span>
              </>
            )}
          </p>
        </>
      )}
      <ErrorMessage error={attach.error} />
    </div>
  );
}

function AddItemForm({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const add = useAddAgendaItem(meeting.id);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [ownerNation, setOwnerNation] = useState(meeting.host);
  const [slotStart, setSlotStart] = useState('');
  const [slotEnd, setSlotEnd] = useState('');
  const [ownLabel, setOwnLabel] = useState(false);
  const [label, setLabel] = useState<LabelInput>(() => meetingAudienceLabel(meeting));
  return (
    <form
      className="agenda-form"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate(
          {
            title,
            description,
            ownerNation,
            ...(slotStart ? { slotStart: new Date(slotStart).toISOString() } : {}),
            ...(slotEnd ? { slotEnd: new Date(slotEnd).toISOString() } : {}),
            ...(ownLabel ? { label } : {}),
          },
          {
            onSuccess: () => {
              setTitle('');
              setDescription('');
              setSlotStart('');
              setSlotEnd('');
              // The next item starts under the meeting's audience again.
              setOwnLabel(false);
            },
          },
        );
      }}
    >
      <h3>{t('dialogue.addItem')}</h3>
      <label>
        {t('dialogue.itemTitle')}
        <input name="item-title" required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {t('dialogue.ledByLabel')}
        <select name="item-owner" value={ownerNation} onChange={(e) => setOwnerNation(e.target.value)}>
          {meeting.participants.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dialogue.description')}
        <textarea name="item-description" rows={2} maxLength={10000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <DateTimeInput name="slot-start" label={t('dialogue.slotStart')} value={slotStart} onChange={setSlotStart} />
      <DateTimeInput name="slot-end" label={t('dialogue.slotEnd')} value={slotEnd} onChange={setSlotEnd} />
      <label className="check">
        <input type="checkbox" name="item-own-label" checked={ownLabel} onChange={(e) => setOwnLabel(e.target.checked)} />
        {t('dialogue.ownLabel')}
      </label>
      {ownLabel && directory.data && (
        <LabelPicker name="item-label" value={label} onChange={setLabel} directory={directory.data} nation={meeting.host} />
      )}
      <ErrorMessage error={add.error} />
      <button type="submit" disabled={add.isPending}>
        {t('dialogue.addItemButton')}
      </button>
    </form>
  );
}
