/**
 * The app's modules and their screens, in menu order. A link with a permission shows only to
 * people who hold it; a group left without links does not show. Busy blocks are reached from the
 * exercises and the calendar.
 */
import type { Permission } from '../../../shared/vocab/roles';

export type NavLink = {
  to: string;
  /** i18n key of the link's words. */
  label: string;
  permission?: Permission;
  /** A link that carries a live count. */
  badge?: 'release-queue' | 'saved-searches';
  /** Served by the node outside the app (a full page load). */
  external?: boolean;
};
export type NavGroup = { id: string; label: string; links: readonly NavLink[] };

export const NAVIGATION: readonly NavGroup[] = [
  {
    id: 'picture',
    label: 'shell.groups.picture',
    links: [
      { to: '/incidents', label: 'shell.nav.incidents' },
      { to: '/incidents/new', label: 'shell.nav.newIncident', permission: 'incident.create' },
      { to: '/release', label: 'shell.nav.toRelease', permission: 'record.release', badge: 'release-queue' },
      { to: '/map', label: 'shell.nav.map' },
      { to: '/timeline', label: 'shell.nav.timeline' },
      { to: '/dashboard', label: 'shell.nav.dashboard' },
      { to: '/graph', label: 'graph.title' },
      { to: '/actors', label: 'shell.nav.actors' },
      { to: '/indicators', label: 'shell.nav.indicators' },
      { to: '/notes', label: 'shell.nav.notes' },
      { to: '/notes/new', label: 'shell.nav.newNote', permission: 'note.create' },
      { to: '/import', label: 'shell.nav.import', permission: 'incident.create' },
      { to: '/saved', label: 'shell.nav.saved', badge: 'saved-searches' },
    ],
  },
  {
    id: 'crisis-response',
    label: 'shell.groups.crisisResponse',
    links: [
      { to: '/alerts', label: 'shell.nav.alerts' },
      { to: '/crises', label: 'shell.nav.crises' },
      { to: '/desks', label: 'shell.nav.desks' },
    ],
  },
  {
    id: 'dialogue',
    label: 'shell.groups.dialogue',
    links: [
      { to: '/meetings', label: 'shell.nav.meetings' },
      { to: '/meetings/new', label: 'shell.nav.newMeeting', permission: 'meeting.organise' },
      { to: '/commitments', label: 'shell.nav.commitments' },
      { to: '/calendar', label: 'shell.nav.calendar' },
    ],
  },
  {
    id: 'training',
    label: 'shell.groups.training',
    links: [
      { to: '/exercises', label: 'shell.nav.exercises' },
      { to: '/exercises/new', label: 'shell.nav.newExercise', permission: 'exercise.plan' },
    ],
  },
  {
    id: 'federation',
    label: 'shell.groups.federation',
    links: [
      { to: '/federation', label: 'shell.nav.federation', permission: 'node.manage' },
      { to: '/feeds', label: 'shell.nav.feeds', permission: 'record.release' },
    ],
  },
  {
    id: 'administration',
    label: 'shell.groups.administration',
    links: [
      { to: '/users', label: 'shell.nav.users', permission: 'user.manage' },
      { to: '/tokens', label: 'shell.nav.tokens' },
      { to: '/admin/audit', label: 'audit.nav', permission: 'audit.read' },
      { to: '/api/docs', label: 'shell.nav.apiDocs', external: true },
    ],
  },
];

/** The groups and links `permissions` may open. */
export function visibleNavigation(permissions: readonly string[], groups: readonly NavGroup[] = NAVIGATION): NavGroup[] {
  return groups
    .map((g) => ({ ...g, links: g.links.filter((l) => l.permission === undefined || permissions.includes(l.permission)) }))
    .filter((g) => g.links.length > 0);
}

/** The link the current screen belongs to: the longest one that is the path or a folder of it (`/` is the incident list). */
export function currentLink(path: string, groups: readonly NavGroup[]): string | undefined {
  const at = path === '/' ? '/incidents' : path;
  let best: string | undefined;
  for (const link of groups.flatMap((g) => g.links)) {
    if (link.external) continue;
    if ((at === link.to || at.startsWith(`${link.to}/`)) && link.to.length > (best?.length ?? 0)) best = link.to;
  }
  return best;
}
