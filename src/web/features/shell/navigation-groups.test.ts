import { describe, expect, it } from 'vitest';
import { currentLink, NAVIGATION, visibleNavigation } from './navigation-groups';

const paths = (permissions: string[]) => visibleNavigation(permissions).map((g) => [g.id, g.links.map((l) => l.to)]);

describe('the navigation', () => {
  it('groups the screens by module and shows permission-dependent links only to those who hold the permission', () => {
    expect(paths([])).toEqual([
      ['picture', ['/incidents', '/map', '/timeline', '/dashboard', '/graph', '/actors', '/indicators', '/notes', '/saved']],
      ['crisis-response', ['/alerts', '/crises', '/desks']],
      ['dialogue', ['/meetings', '/commitments', '/calendar']],
      ['training', ['/exercises']],
      ['administration', ['/tokens', '/api/docs']],
    ]);
    const admin = visibleNavigation(['user.manage', 'node.manage']);
    expect(admin.map((g) => g.id)).toEqual(['picture', 'crisis-response', 'dialogue', 'training', 'federation', 'administration']);
    expect(
      visibleNavigation(['meeting.organise'])
        .find((g) => g.id === 'dialogue')
        ?.links.map((l) => l.to),
    ).toEqual(['/meetings', '/meetings/new', '/commitments', '/calendar']);
    expect(
      visibleNavigation(['exercise.plan'])
        .find((g) => g.id === 'training')
        ?.links.map((l) => l.to),
    ).toEqual(['/exercises', '/exercises/new']);
    expect(admin.find((g) => g.id === 'federation')?.links.map((l) => l.to)).toEqual(['/federation']);
    expect(admin.find((g) => g.id === 'administration')?.links.map((l) => l.to)).toEqual(['/users', '/tokens', '/api/docs']);
    expect(visibleNavigation(['record.release', 'incident.create'])[0]?.links.map((l) => l.to)).toContain('/release');
  });

  it('marks the link of the screen shown, the most specific one', () => {
    expect(currentLink('/', NAVIGATION)).toBe('/incidents');
    expect(currentLink('/incidents/abc', NAVIGATION)).toBe('/incidents');
    expect(currentLink('/incidents/new', NAVIGATION)).toBe('/incidents/new');
    expect(currentLink('/crises/xyz', NAVIGATION)).toBe('/crises');
    expect(currentLink('/meetings/xyz', NAVIGATION)).toBe('/meetings');
    expect(currentLink('/commitments/xyz', NAVIGATION)).toBe('/commitments');
    expect(currentLink('/exercises/xyz/edit', NAVIGATION)).toBe('/exercises');
    expect(currentLink('/exercises/new', NAVIGATION)).toBe('/exercises/new');
    expect(currentLink('/alertsx', NAVIGATION)).toBeUndefined();
  });
});
