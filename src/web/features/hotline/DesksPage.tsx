import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddShift, useCreateDesk, useDesk, useDesks, useRemoveShift, useSetPolicy, useSetRoster } from '../../api/hotline';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { Desk, EscalationPolicy } from '../../../shared/contracts/hotline';
import type { SessionResponse } from '../../../shared/contracts/auth';
import { Moment } from '../../components/Moment';
import { DateTimeInput } from '../../components/DateTimeInput';

/** Every nation's desks; this nation's can be created here. */
export function DesksPage({ session }: { session: SessionResponse }) {
  const { t } = useTranslation();
  const desks = useDesks();
  const create = useCreateDesk();
  const [name, setName] = useState('');
  return (
    <section>
      <h1>{t('hotline.desksTitle')}</h1>
      <ErrorMessage error={desks.error} />
      {desks.data && desks.data.items.length === 0 && <p className="empty">{t('hotline.noDesks')}</p>}
      <ul data-testid="desks">
        {desks.data?.items.map((d) => (
          <li key={d.id}>
            {d.nation === session.nation.code && !d.partnerNode ? <AppLink to={`/desks/${d.id}`}>{d.name}</AppLink> : d.name} ({d.nation})
            {d.partnerNode && <span className="muted"> — {t('hotline.partnerNode')}</span>}
          </li>
        ))}
      </ul>
      {session.permissions.includes('desk.manage') && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(name, { onSuccess: () => setName('') });
          }}
        >
          <label>
            {t('hotline.newDesk')}
            <input name="desk-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" disabled={create.isPending}>
            {t('hotline.createDesk')}
          </button>
          <ErrorMessage error={create.error} />
        </form>
      )}
    </section>
  );
}

/** One of this nation's desks: who holds its roles, the shifts ahead and the escalation policy. */
export function DeskPage({ id, canManage }: { id: string; canManage: boolean }) {
  const { t } = useTranslation();
  const desk = useDesk(id);
  const setPolicy = useSetPolicy(id);
  const [draft, setDraft] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  if (desk.isPending) return <p>{t('notes.loading')}</p>;
  if (desk.error) return <ErrorMessage error={desk.error} />;
  const d = desk.data;
  const policyText = draft ?? JSON.stringify(d.policy?.policy ?? null, null, 2);
  return (
    <section>
      <h1>
        {d.name} ({d.nation})
      </h1>
      <RosterForm desk={d} canManage={canManage} />
      <ShiftsPanel desk={d} canManage={canManage} />
      <h2>{t('hotline.policy', { version: d.policy?.version ?? 0 })}</h2>
      {!d.policy && <p className="muted">{t('hotline.defaultPolicy')}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          try {
            setPolicy.mutate(JSON.parse(policyText) as EscalationPolicy, { onSuccess: () => setDraft(null) });
            setParseError(null);
          } catch (error) {
            setParseError((error as Error).message);
          }
        }}
      >
        <label>
          {t('hotline.policyJson')}
          <textarea name="policy" rows={14} value={policyText} readOnly={!canManage} onChange={(e) => setDraft(e.target.value)} />
        </label>
        {parseError && <p role="alert">{parseError}</p>}
        <ErrorMessage error={setPolicy.error} />
        {canManage && (
          <button type="submit" disabled={setPolicy.isPending}>
            {t('hotline.savePolicy')}
          </button>
        )}
      </form>
    </section>
  );
}

const ROLES = ['primary', 'deputy', 'headquarters'] as const;

/** Who holds the primary, deputy and headquarters roles: a row per person, a checkbox per role. */
function RosterForm({ desk, canManage }: { desk: Desk; canManage: boolean }) {
  const { t } = useTranslation();
  const setRoster = useSetRoster(desk.id);
  const held = (role: string) => (desk.roster ?? []).filter((r) => r.role === role).map((r) => r.userId);
  const [draft, setDraft] = useState<Record<string, string[]> | null>(null);
  const current = draft ?? Object.fromEntries(ROLES.map((role) => [role, held(role)]));
  const toggle = (role: string, userId: string) =>
    setDraft({
      ...current,
      [role]: current[role]!.includes(userId) ? current[role]!.filter((u) => u !== userId) : [...current[role]!, userId],
    });
  const people = desk.people ?? [];
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setRoster.mutate(
          { primary: current.primary ?? [], deputy: current.deputy ?? [], headquarters: current.headquarters ?? [] },
          { onSuccess: () => setDraft(null) },
        );
      }}
    >
      <h2>{t('hotline.roster')}</h2>
      {(desk.roster ?? []).length === 0 && <p className="empty">{t('hotline.noRoster')}</p>}
      <table data-testid="roster">
        <thead>
          <tr>
            <th>{t('hotline.person')}</th>
            {ROLES.map((role) => (
              <th key={role}>{t(`hotline.roles.${role}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <td>
                {p.displayName} ({p.username})
              </td>
              {ROLES.map((role) => (
                <td key={role}>
                  <input
                    type="checkbox"
                    aria-label={`${t(`hotline.roles.${role}`)}: ${p.username}`}
                    checked={current[role]!.includes(p.id)}
                    disabled={!canManage}
                    onChange={() => toggle(role, p.id)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorMessage error={setRoster.error} />
      {canManage && (
        <button type="submit" disabled={setRoster.isPending || draft === null}>
          {t('hotline.saveRoster')}
        </button>
      )}
    </form>
  );
}

/** The duty-officer shifts ahead; add one for a person of the nation, or remove one. */
function ShiftsPanel({ desk, canManage }: { desk: Desk; canManage: boolean }) {
  const { t } = useTranslation();
  const addShift = useAddShift(desk.id);
  const removeShift = useRemoveShift(desk.id);
  const [userId, setUserId] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  return (
    <section>
      <h2>{t('hotline.shifts')}</h2>
      {desk.shifts && desk.shifts.length === 0 && <p className="empty">{t('hotline.noShifts')}</p>}
      <ul data-testid="shifts">
        {desk.shifts?.map((s) => (
          <li key={s.id}>
            {s.username}: <Moment at={s.startsAt} /> – <Moment at={s.endsAt} />{' '}
            {canManage && (
              <button type="button" disabled={removeShift.isPending} onClick={() => removeShift.mutate(s.id)}>
                {t('hotline.removeShift')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={removeShift.error} />
      {canManage && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            addShift.mutate(
              { userId, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() },
              { onSuccess: () => setUserId('') },
            );
          }}
        >
          <label>
            {t('hotline.person')}
            <select name="shift-user" required value={userId} onChange={(e) => setUserId(e.target.value)}>
              <option value="" />
              {desk.people?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName} ({p.username})
                </option>
              ))}
            </select>
          </label>
          <DateTimeInput name="shift-start" label={t('hotline.shiftStarts')} required value={startsAt} onChange={setStartsAt} />
          <DateTimeInput name="shift-end" label={t('hotline.shiftEnds')} required value={endsAt} onChange={setEndsAt} />
          <ErrorMessage error={addShift.error} />
          <button type="submit" disabled={addShift.isPending}>
            {t('hotline.addShift')}
          </button>
        </form>
      )}
    </section>
  );
}
