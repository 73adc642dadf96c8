/** The API route table: every route of /api and /healthz, in one list. */
import { auditRoutes } from './audit';
import { calendarRoutes } from './calendar';
import { crisisRoutes } from './crises';
import { dialogueRoutes } from './dialogue';
import { publicStatementRoutes } from './public-statements';
import { statementRoutes } from './statements';
import { commitmentRoutes } from './commitments';
import { trainingRoutes } from './training';
import { exerciseControlRoutes } from './exercise-control';
import { exerciseMetricsRoutes } from './exercise-metrics';
import { lessonRoutes } from './lessons';
import { directoryRoutes } from './directory';
import { federationRoutes } from './federation';
import { graphRoutes } from './graph';
import { healthRoutes } from './health';
import { hotlineRoutes } from './hotline';
import { streamRoutes } from './stream';
import { incidentRoutes } from './incidents';
import { noteRoutes } from './notes';
import { pushRoutes } from './push';
import { recallRoutes } from './recalls';
import { releaseQueueRoutes } from './release-queue';
import { actorRoutes, indicatorRoutes } from './picture-records';
import { stixRoutes } from './stix';
import { taxiiRoutes } from './taxii';
import { taxiiFeedRoutes } from './taxii-feeds';
import { savedSearchRoutes } from './saved-searches';
import { sessionRoutes } from './session';
import { tokenRoutes } from './tokens';
import { userRoutes } from './users';
import type { RouteSpec } from '../route';

export function apiRoutes(): RouteSpec[] {
  return [
    ...healthRoutes,
    ...sessionRoutes(),
    ...directoryRoutes,
    ...noteRoutes,
    ...incidentRoutes,
    ...actorRoutes,
    ...indicatorRoutes,
    ...graphRoutes,
    ...releaseQueueRoutes,
    ...stixRoutes,
    ...taxiiRoutes,
    ...taxiiFeedRoutes,
    ...savedSearchRoutes,
    ...hotlineRoutes,
    ...crisisRoutes,
    ...dialogueRoutes,
    ...statementRoutes,
    ...commitmentRoutes,
    ...publicStatementRoutes,
    ...trainingRoutes,
    ...exerciseControlRoutes,
    ...exerciseMetricsRoutes,
    ...lessonRoutes,
    ...calendarRoutes,
    ...streamRoutes,
    ...pushRoutes,
    ...userRoutes,
    ...tokenRoutes,
    ...auditRoutes,
    ...federationRoutes,
    ...recallRoutes,
  ];
}
