import { useTranslation } from 'react-i18next';
import { useSession, useSessionEnded } from '../api/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { SignInPage } from '../features/auth/SignInPage';
import { AppShell } from '../features/shell/AppShell';
import { NoteDetailPage } from '../features/notes/NoteDetailPage';
import { NoteForm } from '../features/notes/NoteForm';
import { NotesPage } from '../features/notes/NotesPage';
import { IncidentDetailPage } from '../features/incidents/IncidentDetailPage';
import { IncidentForm } from '../features/incidents/IncidentForm';
import { IncidentsPage } from '../features/incidents/IncidentsPage';
import { DashboardPage } from '../features/incidents/DashboardPage';
import { ImportPage } from '../features/incidents/ImportPage';
import { ActorForm } from '../features/actors/ActorForm';
import { ActorsPage } from '../features/actors/ActorsPage';
import { IndicatorForm } from '../features/indicators/IndicatorForm';
import { IndicatorsPage } from '../features/indicators/IndicatorsPage';
import { RecordDetailPage } from '../components/RecordDetailPage';
import { SavedSearchesPage } from '../features/saved-searches/SavedSearchesPage';
import { AlertDetailPage } from '../features/hotline/AlertDetailPage';
import { AlertForm } from '../features/hotline/AlertForm';
import { AlertsPage } from '../features/hotline/AlertsPage';
import { DeskPage, DesksPage } from '../features/hotline/DesksPage';
import { CrisesPage } from '../features/crises/CrisesPage';
import { FederationPage } from '../features/federation/FederationPage';
import { FeedsPage } from '../features/feeds/FeedsPage';
import { TokensPage } from '../features/tokens/TokensPage';
import { UsersPage } from '../features/users/UsersPage';
import { AuditPage } from '../features/audit/AuditPage';
import { CrisisForm } from '../features/crises/CrisisForm';
import { CrisisRoomPage } from '../features/crises/CrisisRoomPage';
import { ReleaseQueuePage } from '../features/release/ReleaseQueuePage';
import { MeetingEditPage, MeetingForm } from '../features/dialogue/MeetingForm';
import { MeetingPage } from '../features/dialogue/MeetingPage';
import { StatementPage } from '../features/dialogue/StatementPage';
import { MeetingsPage } from '../features/dialogue/MeetingsPage';
import { CommitmentPage } from '../features/commitments/CommitmentPage';
import { CommitmentsPage } from '../features/commitments/CommitmentsPage';

const IndicatorPastePage = lazy(() => import('../features/indicators/IndicatorPastePage').then((m) => ({ default: m.IndicatorPastePage })));
const GraphPage = lazy(() => import('../features/graph/GraphPage').then((m) => ({ default: m.GraphPage })));
const IncidentMapPage = lazy(() => import('../features/incidents/IncidentMapPage').then((m) => ({ default: m.IncidentMapPage })));
const TimelinePage = lazy(() => import('../features/incidents/TimelinePage').then((m) => ({ default: m.TimelinePage })));
// Joint training and the calendar's views: loaded when first opened.
const CalendarPage = lazy(() => import('../features/calendar/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const ExercisesPage = lazy(() => import('../features/training/ExercisesPage').then((m) => ({ default: m.ExercisesPage })));
const ExerciseForm = lazy(() => import('../features/training/ExerciseForm').then((m) => ({ default: m.ExerciseForm })));
const ExerciseEditPage = lazy(() => import('../features/training/ExerciseForm').then((m) => ({ default: m.ExerciseEditPage })));
const ExercisePage = lazy(() => import('../features/training/ExercisePage').then((m) => ({ default: m.ExercisePage })));
const ExerciseControlPage = lazy(() =>
  import('../features/training/ExerciseControlPage').then((m) => ({ default: m.ExerciseControlPage })),
);
const BusyBlocksPage = lazy(() => import('../features/training/BusyBlocksPage').then((m) => ({ default: m.BusyBlocksPage })));
const ExerciseMetricsPage = lazy(() =>
  import('../features/training/ExerciseMetricsPage').then((m) => ({ default: m.ExerciseMetricsPage })),
);
const ObservationPage = lazy(() => import('../features/training/ObservationPage').then((m) => ({ default: m.ObservationPage })));
import { applyUserLanguage } from '../i18n';
import { useLiveUpdates } from '../api/live';
import { matchPath, usePath, useSearch } from './router';
import { Suspense, lazy, useEffect } from 'react';
import type { SessionResponse } from '../../shared/contracts/auth';

function Screen({ path, search, session }: { path: string; search: string; session: SessionResponse }) {
  if (path === '/notes/new') return <NoteForm session={session} />;
  const note = matchPath('/notes/:id', path);
  if (note?.id) return <NoteDetailPage key={note.id} id={note.id} />;
  if (path === '/notes') return <NotesPage />;
  if (path === '/incidents/new') return <IncidentForm session={session} />;
  if (path === '/map')
    return (
      <Suspense fallback={<p>…</p>}>
        <IncidentMapPage />
      </Suspense>
    );
  if (path === '/graph')
    return (
      <Suspense fallback={<p>…</p>}>
        <GraphPage search={search} />
      </Suspense>
    );
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/timeline')
    return (
      <Suspense fallback={<p>…</p>}>
        <TimelinePage />
      </Suspense>
    );
  if (path === '/import') return <ImportPage session={session} />;
  const canRecord = session.permissions.includes('incident.create');
  if (path === '/saved') return <SavedSearchesPage />;
  if (path === '/release') return <ReleaseQueuePage session={session} />;
  if (path === '/alerts') return <AlertsPage canRaise={session.permissions.includes('alert.raise')} />;
  if (path === '/alerts/new') return <AlertForm session={session} />;
  const alert = matchPath('/alerts/:id', path);
  if (alert?.id) return <AlertDetailPage key={alert.id} id={alert.id} canDeclare={session.permissions.includes('crisis.declare')} />;
  if (path === '/crises') return <CrisesPage canDeclare={session.permissions.includes('crisis.declare')} />;
  if (path === '/crises/new') return <CrisisForm session={session} alertId={new URLSearchParams(search).get('alert')} />;
  const crisis = matchPath('/crises/:id', path);
  if (crisis?.id) return <CrisisRoomPage key={crisis.id} id={crisis.id} nation={session.nation.code} />;
  const training = trainingScreen(path, search, session);
  if (training) return <Suspense fallback={<p>…</p>}>{training}</Suspense>;
  if (path === '/meetings') return <MeetingsPage canOrganise={session.permissions.includes('meeting.organise')} />;
  if (path === '/meetings/new') return <MeetingForm session={session} />;
  const meetingEdit = matchPath('/meetings/:id/edit', path);
  if (meetingEdit?.id) return <MeetingEditPage key={meetingEdit.id} session={session} id={meetingEdit.id} />;
  const statement = matchPath('/statements/:id', path);
  if (statement?.id) return <StatementPage key={statement.id} id={statement.id} />;
  if (path === '/commitments') return <CommitmentsPage search={search} />;
  const commitment = matchPath('/commitments/:id', path);
  if (commitment?.id) return <CommitmentPage key={commitment.id} id={commitment.id} nation={session.nation.code} />;
  const meeting = matchPath('/meetings/:id', path);
  if (meeting?.id) return <MeetingPage key={meeting.id} id={meeting.id} nation={session.nation.code} />;
  if (path === '/federation') return <FederationPage canManage={session.permissions.includes('node.manage')} />;
  if (path === '/feeds') return <FeedsPage session={session} />;
  if (path === '/users') return <UsersPage session={session} />;
  if (path === '/tokens') return <TokensPage session={session} />;
  if (path === '/admin/audit') return <AuditPage session={session} />;
  if (path === '/desks') return <DesksPage session={session} />;
  const desk = matchPath('/desks/:id', path);
  if (desk?.id) return <DeskPage key={desk.id} id={desk.id} canManage={session.permissions.includes('desk.manage')} />;
  if (path === '/actors') return <ActorsPage canCreate={canRecord} />;
  if (path === '/actors/new') return <ActorForm session={session} />;
  if (path === '/indicators') return <IndicatorsPage canCreate={canRecord} />;
  if (path === '/indicators/new') return <IndicatorForm session={session} />;
  if (path === '/indicators/paste')
    return (
      <Suspense fallback={<p>…</p>}>
        <IndicatorPastePage session={session} />
      </Suspense>
    );
  for (const kind of ['actors', 'indicators'] as const) {
    const record = matchPath(`/${kind}/:id`, path);
    if (record?.id) return <RecordDetailPage key={record.id} kind={kind} id={record.id} />;
  }
  const incident = matchPath('/incidents/:id', path);
  if (incident?.id) return <IncidentDetailPage key={incident.id} id={incident.id} />;
  return <IncidentsPage />;
}

/** The calendar and joint training's screens (each its own chunk), or null for another path. */
function trainingScreen(path: string, search: string, session: SessionResponse) {
  if (path === '/calendar') return <CalendarPage search={search} />;
  if (path === '/exercises') return <ExercisesPage search={search} canPlan={session.permissions.includes('exercise.plan')} />;
  if (path === '/exercises/new') return <ExerciseForm session={session} />;
  // Before `/exercises/:id`, which would take `metrics` for an exercise's id.
  if (path === '/exercises/metrics') return <ExerciseMetricsPage search={search} />;
  const exerciseEdit = matchPath('/exercises/:id/edit', path);
  if (exerciseEdit?.id) return <ExerciseEditPage key={exerciseEdit.id} session={session} id={exerciseEdit.id} />;
  const exerciseControl = matchPath('/exercises/:id/control', path);
  if (exerciseControl?.id) return <ExerciseControlPage key={exerciseControl.id} session={session} id={exerciseControl.id} />;
  const exercise = matchPath('/exercises/:id', path);
  if (exercise?.id) return <ExercisePage key={exercise.id} id={exercise.id} session={session} />;
  const observation = matchPath('/observations/:id', path);
  if (observation?.id) return <ObservationPage key={observation.id} id={observation.id} />;
  if (path === '/busy-blocks') return <BusyBlocksPage session={session} />;
  return null;
}

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const path = usePath();
  const search = useSearch();
  const language = session.data?.user.language;
  const ended = useSessionEnded();
  // An ended session's stream is refused; a new one opens once the person has signed in again.
  useLiveUpdates(Boolean(session.data) && !ended);
  useEffect(() => {
    if (language) applyUserLanguage(language);
  }, [language]);
  if (session.isPending) return <p className="loading">{t('notes.loading')}</p>;
  if (session.error) return <ErrorMessage error={session.error} />;
  if (!session.data) return <SignInPage />;
  return (
    <AppShell session={session.data}>
      <Screen path={path} search={search} session={session.data} />
    </AppShell>
  );
}
