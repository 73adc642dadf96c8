import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateDesk, useDesk, useDesks, useSetRoster } from '../../api/hotline';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ContactsPanel } from './ContactsPanel';
import { OnDutyCard } from './OnDutyCard';
import { PolicyEditor } from './PolicyEditor';
import { ShiftCalendar } from './ShiftCalendar';
import type { Desk } from '../../../shared/contracts/hotline';
import type { SessionResponse } from '../../../shared/contracts/auth';

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

/** One of this nation's desks: who is on duty now, how to reach it, its roster, shifts and escalation policy. */
export function DeskPage({ id, canManage }: { id: string; canManage: boolean }) {
  const { t } = useTranslation();
  const desk = useDesk(id);
  if (desk.isPending) return <p>{t('notes.loading')}</p>;
  if (desk.error) return <ErrorMessage error={desk.error} />;
  const d = desk.data;
  return (
    <section>
      <h1>
        {d.name} ({d.nation})
      </h1>
      <OnDutyCard desk={d} />
      <ContactsPanel desk={d} canManage={canManage} />
      <RosterForm desk={d} canManage={canManage} />
      <ShiftCalendar desk={d} canManage={canManage} />
      <PolicyEditor desk={d} canManage={canManage} />
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
