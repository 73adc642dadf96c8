import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../api/notes';
import { useExercises } from '../../api/training';
import { navigate } from '../../app/router';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { EXERCISE_STATUSES } from '../../../shared/vocab/training';
import { inVenueZone } from '../dialogue/meeting-time';
import { exerciseFiltersFromSearch, exercisesAddress } from './exercise-address';
import { ExerciseStatusBadge, TrainingLinks } from './TrainingParts';
import type { ExerciseFilters } from '../../api/training';
import type { ExerciseStatus } from '../../../shared/vocab/training';

/**
 * Exercises the reader may read, by STARTEX, narrowed by status and by a nation taking part (the
 * filters live in the address, so Back and links restore them), 50 at a time; planners plan new
 * ones from here.
 */
export function ExercisesPage({ search, canPlan }: { search: string; canPlan: boolean }) {
  const { t, i18n } = useTranslation();
  const filters = exerciseFiltersFromSearch(search);
  const list = useExercises(filters);
  const directory = useDirectory();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(filters.status || filters.nation);
  const apply = (next: ExerciseFilters) => navigate(exercisesAddress(next));
  const nations = [...new Set([...(directory.data?.nations.map((n) => n.code) ?? []), ...(filters.nation ? [filters.nation] : [])])].sort();
  return (
    <section className="exercises-page">
      <MarkingBanner markings={items.map((e) => e.label)} />
      <h1>{t('training.title')}</h1>
      {canPlan && (
        <p>
          <AppLink to="/exercises/new" className="button-link">
            {t('training.plan')}
          </AppLink>
        </p>
      )}
      <TrainingLinks omit="exercises" />
      <form className="training-filters" onSubmit={(event) => event.preventDefault()} aria-label={t('training.filters')}>
        <label>
          {t('training.status')}
          <select
            name="status"
            value={filters.status ?? ''}
            onChange={(e) => apply({ ...filters, status: (e.target.value || undefined) as ExerciseStatus | undefined })}
          >
            <option value="">{t('training.anyStatus')}</option>
            {EXERCISE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`training.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('training.nationFilter')}
          <select name="nation" value={filters.nation ?? ''} onChange={(e) => apply({ ...filters, nation: e.target.value || undefined })}>
            <option value="">{t('training.anyNation')}</option>
            {nations.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {filtered && <AppLink to="/exercises">{t('training.clearFilters')}</AppLink>}
      </form>
      <ErrorMessage error={list.error} />
      {list.isPending && <p>{t('notes.loading')}</p>}
      {list.data && items.length === 0 && (
        <p className="empty">{filtered ? t('training.noMatch') : canPlan ? t('training.emptyPlan') : t('training.empty')}</p>
      )}
      {items.length > 0 && (
        <table data-testid="exercises">
          <thead>
            <tr>
              <th scope="col">{t('training.startex')}</th>
              <th scope="col">{t('training.exercise')}</th>
              <th scope="col">{t('training.kind')}</th>
              <th scope="col">{t('training.lead')}</th>
              <th scope="col">{t('training.participants')}</th>
              <th scope="col">{t('training.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td>{inVenueZone(e.startsAt, e.timeZone, i18n.language)}</td>
                <td>
                  <AppLink to={`/exercises/${e.id}`}>
                    <bdi>{e.title}</bdi>
                  </AppLink>
                </td>
                <td>{t(`training.kinds.${e.kind}`)}</td>
                <td>{e.lead}</td>
                <td>{e.participants.join(', ')}</td>
                <td>
                  <ExerciseStatusBadge status={e.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
    </section>
  );
}
