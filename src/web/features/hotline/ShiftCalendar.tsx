import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddShift, useRemoveShift } from '../../api/hotline';
import { DateTimeInput } from '../../components/DateTimeInput';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatLocal, formatUtc } from '../incidents/format';
import { shiftsByDay, utcInputToIso, weekStartOf } from './shift-week';
import type { Desk } from '../../../shared/contracts/hotline';
import './desks.css';

const DAY_MS = 86_400_000;

/**
 * The desk's duty shifts as a week (UTC days, the reader's local time beside each shift), a week
 * back or forward at a time; add a shift for a person of the nation, or remove one. The duty
 * officer on duty now is whoever's shift holds now (the same rule that pages the role).
 */
export function ShiftCalendar({ desk, canManage }: { desk: Desk; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const addShift = useAddShift(desk.id);
  const removeShift = useRemoveShift(desk.id);
  const [weekStart, setWeekStart] = useState(() => weekStartOf(new Date()));
  const [userId, setUserId] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const days = shiftsByDay(desk.shifts ?? [], weekStart);
  const weekEnd = new Date(weekStart.getTime() + 6 * DAY_MS).toISOString();
  return (
    <section aria-labelledby="shifts-heading" className="shift-calendar">
      <h2 id="shifts-heading">{t('desks.shifts.title')}</h2>
      <div className="week-nav">
        <button type="button" onClick={() => setWeekStart(new Date(weekStart.getTime() - 7 * DAY_MS))}>
          {t('desks.shifts.previousWeek')}
        </button>
        <p aria-live="polite" data-testid="week-range">
          {t('desks.shifts.week', { from: formatUtc(weekStart.toISOString()).slice(0, 10), to: weekEnd.slice(0, 10) })}
        </p>
        <button type="button" onClick={() => setWeekStart(new Date(weekStart.getTime() + 7 * DAY_MS))}>
          {t('desks.shifts.nextWeek')}
        </button>
      </div>
      {(desk.shifts ?? []).length === 0 && <p className="empty">{t('desks.shifts.none')}</p>}
      <ol className="week" data-testid="shift-week">
        {days.map((day) => (
          <li key={day.date} className="week-day">
            <h3>
              {t(`desks.weekdays.${day.weekday}`)} <bdi dir="ltr">{day.date}</bdi>
            </h3>
            {day.shifts.length === 0 ? (
              <p className="muted">{t('desks.shifts.free')}</p>
            ) : (
              <ul>
                {day.shifts.map((s) => (
                  <li key={s.id} className="shift" data-testid="shift">
                    <strong>{desk.people?.find((p) => p.id === s.userId)?.displayName ?? s.username}</strong>
                    <div>
                      <bdi dir="ltr">
                        {formatUtc(s.startsAt)} – {formatUtc(s.endsAt)}
                      </bdi>
                    </div>
                    <div className="muted">
                      {formatLocal(s.startsAt, i18n.language)} – {formatLocal(s.endsAt, i18n.language)}
                    </div>
                    {canManage && (
                      <button
                        type="button"
                        disabled={removeShift.isPending}
                        aria-label={t('desks.shifts.removeFor', { who: s.username, from: formatUtc(s.startsAt) })}
                        onClick={() => removeShift.mutate(s.id)}
                      >
                        {t('desks.shifts.remove')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <ErrorMessage error={removeShift.error} />
      {canManage && (
        <form
          className="shift-form"
          onSubmit={(event) => {
            event.preventDefault();
            const from = utcInputToIso(startsAt);
            const to = utcInputToIso(endsAt);
            if (!from || !to) return;
            addShift.mutate(
              { userId, startsAt: from, endsAt: to },
              {
                onSuccess: () => {
                  setUserId('');
                  setWeekStart(weekStartOf(new Date(from)));
                },
              },
            );
          }}
        >
          <h3>{t('desks.shifts.add')}</h3>
          {(desk.people ?? []).length === 0 && <p className="empty">{t('desks.shifts.noPeople')}</p>}
          <label>
            {t('desks.shifts.person')}
            <select name="shift-user" required value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="">{t('desks.shifts.choosePerson')}</option>
              {desk.people?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName} ({p.username})
                </option>
              ))}
            </select>
          </label>
          <DateTimeInput name="shift-start" label={t('desks.shifts.startsUtc')} required value={startsAt} onChange={setStartsAt} />
          <DateTimeInput name="shift-end" label={t('desks.shifts.endsUtc')} required value={endsAt} onChange={setEndsAt} />
          <ErrorMessage error={addShift.error} />
          <button type="submit" disabled={addShift.isPending}>
            {t('desks.shifts.save')}
          </button>
        </form>
      )}
    </section>
  );
}
