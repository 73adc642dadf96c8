/**
 * The exercise list's filters in its address (`/exercises?status=planning&nation=KAZ`), so a
 * filtered list can be bookmarked and restored by Back.
 */
import { EXERCISE_STATUSES } from '../../../shared/vocab/training';
import type { ExerciseFilters } from '../../api/training';
import type { ExerciseStatus } from '../../../shared/vocab/training';

const NATION = /^[A-Z]{3}$/;

/** The filters the address holds; anything malformed is left out rather than sent to be refused. */
export function exerciseFiltersFromSearch(search: string): ExerciseFilters {
  const params = new URLSearchParams(search);
  const status = params.get('status') ?? '';
  const nation = params.get('nation') ?? '';
  return {
    ...((EXERCISE_STATUSES as readonly string[]).includes(status) ? { status: status as ExerciseStatus } : {}),
    ...(NATION.test(nation) ? { nation } : {}),
  };
}

/** The list's address for these filters (none: `/exercises`). */
export function exercisesAddress(filters: ExerciseFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.nation) params.set('nation', filters.nation);
  const query = params.toString();
  return query ? `/exercises?${query}` : '/exercises';
}
