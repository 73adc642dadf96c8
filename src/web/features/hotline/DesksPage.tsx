import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateDesk, useDesk, useDesks, useSetPolicy } from '../../api/hotline';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { EscalationPolicy } from '../../../shared/contracts/hotline';
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
            {d.nation === session.nation.code ? <AppLink to={`/desks/${d.id}`}>{d.name}</AppLink> : d.name} ({d.nation})
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
  const { t, i18n } = useTranslation();
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
      <h2>{t('hotline.roster')}</h2>
      {d.roster && d.roster.length === 0 && <p className="empty">{t('hotline.noRoster')}</p>}
      <ul>
        {d.roster?.map((r) => (
          <li key={`${r.role}-${r.userId}`}>
            {t(`hotline.roles.${r.role}`)}: {r.username}
          </li>
        ))}
      </ul>
      <h2>{t('hotline.shifts')}</h2>
      {d.shifts && d.shifts.length === 0 && <p className="empty">{t('hotline.noShifts')}</p>}
      <ul>
        {d.shifts?.map((s) => (
          <li key={s.id}>
            {s.username}: {new Date(s.startsAt).toLocaleString(i18n.language)} – {new Date(s.endsAt).toLocaleString(i18n.language)}
          </li>
        ))}
      </ul>
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
