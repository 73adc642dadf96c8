import { useTranslation } from 'react-i18next';
import type { CrisisBoard } from '../../../shared/contracts/crises';
import { formatMoment } from '../../../shared/time/format-moment';

const line = (counts: Record<string, number>, name: (state: string) => string) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${name(state)}`)
    .join(', ');

/** Each participant's situation from its latest report, and where requests, offers and tasks stand. */
export function StatusBoard({ board }: { board: CrisisBoard }) {
  const { t, i18n } = useTranslation();
  const name = (state: string) => t(`crisis.states.${state}`);
  return (
    <section className="status-board" data-testid="status-board" aria-labelledby="board-title">
      <h2 id="board-title">{t('crisis.board')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('crisis.nation')}</th>
            <th>{t('crisis.situation')}</th>
            <th>{t('crisis.asOf')}</th>
          </tr>
        </thead>
        <tbody>
          {board.participants.map((p) => (
            <tr key={p.nation} data-nation={p.nation}>
              <td>{p.nation}</td>
              <td className={p.level ? `level-${p.level}` : 'muted'}>{p.level ? t(`crisis.levels.${p.level}`) : t('crisis.noSitrep')}</td>
              <td>{p.asOf ? formatMoment(p.asOf, i18n.language) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl>
        <dt>{t('crisis.requests')}</dt>
        <dd data-testid="board-requests">{line(board.requests, name) || t('crisis.none')}</dd>
        <dt>{t('crisis.offers')}</dt>
        <dd data-testid="board-offers">{line(board.offers, name) || t('crisis.none')}</dd>
        <dt>{t('crisis.tasks')}</dt>
        <dd data-testid="board-tasks" className={board.tasks.overdue > 0 ? 'overdue' : ''}>
          {line(board.tasks, name) || t('crisis.none')}
        </dd>
      </dl>
    </section>
  );
}
