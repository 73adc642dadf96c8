/**
 * The demo's working picture, so that every screen has something to show on first sign-in:
 * actors and indicators linked to released incidents (related records, the graph), a duty desk
 * per nation with its roster and shifts, a hotline alert acknowledged and one still escalating, a
 * crisis room in progress and a saved search with new matches. Everything goes through the same
 * domain verbs as a person's request, as the demo account who would do it; invented throughout.
 *
 * The story is told among UZB, KGZ and USA so that the other nations' accounts start quiet.
 */
import { directoryRepository } from '../../db/repositories/directory-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { loadUserActor } from '../auth/load-actor';
import { createActor, releaseActor } from '../actors/actor-service';
import { addEntry, declareCrisis } from '../crisis/crisis-service';
import { seedDialogue } from './demo-dialogue';
import { seedTraining } from './demo-training';
import { addShift, createDesk, setContacts, setPolicy, setRoster } from '../hotline/desk-service';
import { raiseAlert, respondToAlert } from '../hotline/alert-service';
import { setIncidentLinks } from '../incidents/incident-links';
import { createIncident, releaseIncident } from '../incidents/incident-service';
import { createIndicator, releaseIndicator } from '../indicators/indicator-service';
import { checkSavedSearches, createSavedSearch } from '../saved-searches/saved-search-service';
import type { LabelInput } from '../../../shared/labels/label';
import type { EscalationPolicy } from '../../../shared/contracts/hotline';
import type { Role } from '../../../shared/vocab/roles';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

const HOUR = 3_600_000;

const label = (relTo: string[], caveats: string[] = [], tlp: LabelInput['tlp'] = 'GREEN'): LabelInput => ({
  classification: 'RESTRICTED',
  relTo,
  caveats,
  tlp,
  recipients: { orgs: [], users: [] },
});

/**
 * Each nation's duty desk: who holds its roster roles and who is on shift. A desk's contact
 * numbers, once desks carry them, belong here too, applied beside the roster in `seedDesk`.
 */
/** Each demo nation's international calling code. */
const CALLING_CODES: Record<string, string> = { PAK: '92', USA: '1', KAZ: '7', KGZ: '996', TJK: '992', UZB: '998' };

export const DEMO_DESKS: { nation: string; name: string; timeZone: string; primary: Role; deputy: Role; headquarters: Role }[] = [
  {
    nation: 'PAK',
    name: 'PAK national duty desk',
    timeZone: 'Asia/Karachi',
    primary: 'duty-officer',
    deputy: 'analyst',
    headquarters: 'node-admin',
  },
  {
    nation: 'USA',
    name: 'USA national duty desk',
    timeZone: 'America/New_York',
    primary: 'duty-officer',
    deputy: 'analyst',
    headquarters: 'node-admin',
  },
  {
    nation: 'KAZ',
    name: 'KAZ national duty desk',
    timeZone: 'Asia/Almaty',
    primary: 'duty-officer',
    deputy: 'analyst',
    headquarters: 'node-admin',
  },
  {
    nation: 'KGZ',
    name: 'KGZ national duty desk',
    timeZone: 'Asia/Bishkek',
    primary: 'duty-officer',
    deputy: 'analyst',
    headquarters: 'node-admin',
  },
  {
    nation: 'TJK',
    name: 'TJK national duty desk',
    timeZone: 'Asia/Dushanbe',
    primary: 'duty-officer',
    deputy: 'analyst',
    headquarters: 'node-admin',
  },
  {
    nation: 'UZB',
    name: 'UZB national duty desk',
    timeZone: 'Asia/Tashkent',
    primary: 'duty-officer',
    deputy: 'analyst',
    headquarters: 'node-admin',
  },
];

/** Three eight-hour watches a day, today and tomorrow (UTC), as the roles that stand them. */
const WATCHES: Role[] = ['duty-officer', 'analyst', 'releasing-officer'];

export interface DemoScenario {
  desks: Record<string, string>;
  alerts: { acknowledged: string; escalating: string };
  crisis: string;
  savedSearch: string;
  incidents: string[];
  meetings: string[];
  /** The demo's exercises, in the order demo-training.ts plans them. */
  exercises: string[];
}

export async function loadDemoScenario(ctx: Context, username: (nation: string, role: Role) => string): Promise<DemoScenario> {
  const actors = new Map<string, UserActor>();
  // Loaded once, as a write request loads it beside its caller: the label checks then read no more.
  const directory = await directoryRepository(ctx.database.db).core();
  const as = async (nation: string, role: Role) => {
    const name = username(nation, role);
    const known = actors.get(name);
    if (known) return known;
    const user = await userRepository(ctx.database.db).findByUsername(name);
    const loaded = user && (await loadUserActor(ctx.database.db, user.id, 'session'));
    if (!loaded) throw new Error(`demo account ${name} missing`);
    const actor = { ...loaded, labelDirectory: directory };
    actors.set(name, actor);
    return actor;
  };

  // A saved search made before the incidents below, so that they arrive as its new matches.
  const uzbAnalyst = await as('UZB', 'analyst');
  const savedSearch = await createSavedSearch(ctx, uzbAnalyst, { name: 'Southern border, Uzbekistan', filter: { country: 'UZB' } });

  const desks: Record<string, string> = {};
  for (const desk of DEMO_DESKS) desks[desk.nation] = await seedDesk(ctx, desk, as);

  const incidents = await seedLinkedPicture(ctx, as);
  await checkSavedSearches(ctx);

  // Acknowledged: USA warns the UZB desk, whose duty officer answers.
  const usaDuty = await as('USA', 'duty-officer');
  const acknowledged = await raiseAlert(ctx, usaDuty, {
    severity: 'immediate',
    summary: 'Armed group moving towards the Termez crossing',
    details: 'Partner reporting of about twenty armed men moving north along the river road; arrival expected within six hours.',
    label: label(['USA', 'UZB'], ['BORDER']),
    targetDesks: [desks.UZB!],
    exercise: false,
  });
  await respondToAlert(
    ctx,
    await as('UZB', 'duty-officer'),
    acknowledged.id,
    { deskId: desks.UZB!, note: 'Border posts informed; patrol sent.' },
    'acknowledge',
  );

  // Escalating: unanswered at the KGZ desk; the node's escalation moves it from the primary on after five minutes.
  const escalating = await raiseAlert(ctx, await as('UZB', 'duty-officer'), {
    severity: 'flash',
    summary: 'Shots fired at the Batken border post',
    details: 'A UZB patrol reports gunfire across the line near Batken. Request immediate contact with the KGZ border service.',
    label: label(['UZB', 'KGZ'], ['BORDER']),
    targetDesks: [desks.KGZ!],
    exercise: false,
  });

  // A crisis room in progress, grown from the acknowledged alert.
  const uzbDuty = await as('UZB', 'duty-officer');
  const crisisLabel = label(['USA', 'UZB', 'KGZ'], ['BORDER']);
  const crisis = await declareCrisis(ctx, uzbDuty, {
    title: 'Termez crossing: armed group on the river road',
    summary: 'Coordinating border posts, air observation and medical support while the group is tracked.',
    label: crisisLabel,
    exercise: false,
    alertId: acknowledged.id,
  });
  const now = ctx.clock.now();
  await addEntry(ctx, uzbDuty, {
    crisisId: crisis,
    label: crisisLabel,
    kind: 'log',
    text: 'Crisis room opened; partners USA and KGZ invited.',
  });
  await addEntry(ctx, uzbDuty, {
    crisisId: crisis,
    label: crisisLabel,
    kind: 'sitrep',
    sitrep: {
      asOf: now.toISOString(),
      level: 'degraded',
      situation: 'The group was last seen 40 km south of Termez. Two border posts on alert.',
      actionsTaken: 'Patrols doubled; the crossing slowed to essential traffic.',
      assessment: 'Crossing attempt likely tonight.',
      nextSteps: 'Air observation at dusk.',
      needs: 'Night-vision observation.',
    },
  });
  await addEntry(ctx, uzbDuty, {
    crisisId: crisis,
    label: crisisLabel,
    kind: 'request',
    what: 'Night-vision aerial observation of the river road',
    quantity: 'One aircraft, 6 hours',
    neededBy: new Date(now.getTime() + 8 * HOUR).toISOString(),
  });
  await addEntry(ctx, uzbDuty, {
    crisisId: crisis,
    label: crisisLabel,
    kind: 'task',
    title: 'Share the latest imagery of the river road',
    details: 'Send what the last pass showed to the crisis room.',
    ownerNation: 'USA',
    deadline: new Date(now.getTime() + 4 * HOUR).toISOString(),
  });

  const meetings = await seedDialogue(ctx, as);
  const exercises = await seedTraining(ctx, as, desks);

  return {
    desks,
    alerts: { acknowledged: acknowledged.id, escalating: escalating.id },
    crisis,
    savedSearch: savedSearch.id,
    incidents,
    meetings,
    exercises,
  };
}

/** A desk run by its nation's duty officer: roster, a policy in its own time zone, and shifts. */
async function seedDesk(
  ctx: Context,
  desk: (typeof DEMO_DESKS)[number],
  as: (nation: string, role: Role) => Promise<UserActor>,
): Promise<string> {
  const duty = await as(desk.nation, 'duty-officer');
  const { id } = await createDesk(ctx, duty, desk.name);
  const person = async (role: Role) => (await as(desk.nation, role)).user.id;
  await setRoster(ctx, duty, id, {
    primary: [await person(desk.primary)],
    deputy: [await person(desk.deputy)],
    headquarters: [await person(desk.headquarters)],
  });
  // Short first steps so that an unanswered alert visibly moves on; three rounds before it gives up.
  const policy: EscalationPolicy = {
    timeZone: desk.timeZone,
    repeat: 2,
    rules: [
      {
        steps: [
          { notify: 'primary', waitMinutes: 5 },
          { notify: 'deputy', waitMinutes: 10 },
          { notify: 'duty-officer', waitMinutes: 15 },
          { notify: 'headquarters', waitMinutes: 30 },
        ],
      },
    ],
  };
  await setPolicy(ctx, duty, id, policy);
  // Invented numbers (555 exchange) under each nation's real calling code, so the card shows how a partner calls.
  const code = CALLING_CODES[desk.nation] ?? '1';
  await setContacts(ctx, duty, id, [
    { kind: 'phone', value: `+${code} 555 0100`, note: 'Duty desk, 24 hours' },
    { kind: 'secure-voice', value: `+${code} 555 0199`, note: 'Secure line to the duty officer' },
    { kind: 'email', value: `duty.desk@${desk.nation.toLowerCase()}.demo.invalid` },
  ]);
  const midnight = new Date(ctx.clock.now());
  midnight.setUTCHours(0, 0, 0, 0);
  for (let watch = 0; watch < 6; watch++) {
    const startsAt = new Date(midnight.getTime() + watch * 8 * HOUR);
    await addShift(ctx, duty, id, {
      userId: await person(WATCHES[watch % WATCHES.length]!),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 8 * HOUR).toISOString(),
    });
  }
  return id;
}

/** Three released incidents on the southern route sharing two actors and two indicators. */
async function seedLinkedPicture(ctx: Context, as: (nation: string, role: Role) => Promise<UserActor>): Promise<string[]> {
  const analyst = await as('UZB', 'analyst');
  const officer = await as('UZB', 'releasing-officer');
  const partners = label(['ISLAMABAD-CONF']);
  const ring = await createActor(ctx, analyst, {
    kind: 'criminal-network',
    name: 'Amu Darya river network',
    aliases: ['River couriers'],
    description: 'Invented: a smuggling network moving opiates and weapons across the river near Termez.',
    country: 'AFG',
    label: partners,
  });
  const group = await createActor(ctx, analyst, {
    kind: 'armed-group',
    name: 'Southern ridge armed group',
    aliases: [],
    description: 'Invented: an armed group escorting the network’s convoys.',
    country: 'AFG',
    label: partners,
  });
  const site = await createIndicator(ctx, analyst, {
    type: 'domain',
    value: 'river-cargo-tracking.example',
    name: 'Courier coordination site',
    description: 'Invented: the site couriers use to agree crossing times.',
    label: partners,
  });
  const server = await createIndicator(ctx, analyst, {
    type: 'ipv4',
    value: '203.0.113.77',
    name: 'Courier coordination server',
    description: 'Invented: hosts the coordination site.',
    label: partners,
  });
  for (const record of [ring, group]) await releaseActor(ctx, officer, record.id);
  for (const record of [site, server]) await releaseIndicator(ctx, officer, record.id);

  const day = (daysAgo: number) => new Date(ctx.clock.now().getTime() - daysAgo * 24 * HOUR).toISOString();
  const place = (name: string, lat: number, lon: number) => ({
    country: 'UZB',
    admin1: 'Surxondaryo',
    name,
    point: { lat, lon },
    precision: 'near' as const,
  });
  const unknown = { kind: 'unknown' as const };
  const stories = [
    {
      domain: 'narcotics',
      subtype: 'seizure',
      title: 'Opiates seized from a river barge near Termez',
      narrative: 'Border guards stopped a barge carrying 120 kg of opiates; the crew named the river network.',
      occurredAt: day(6),
      place: place('Termez', 37.22, 67.28),
      links: { actors: [ring.id], indicators: [site.id] },
    },
    {
      domain: 'trafficking-smuggling',
      subtype: 'weapons',
      title: 'Weapons cache found on the river road',
      narrative: 'Rifles and ammunition found in a truck; the escort fled south. Phones held the courier site.',
      occurredAt: day(3),
      place: place('Sherobod', 37.67, 67.0),
      links: { actors: [ring.id, group.id], indicators: [site.id, server.id] },
    },
    {
      domain: 'armed-clash',
      subtype: 'cross-border-fire',
      title: 'Border post fired on from across the river',
      narrative: 'A border post came under fire from the far bank during a crossing attempt.',
      occurredAt: day(1),
      place: place('Termez crossing', 37.23, 67.2),
      links: { actors: [group.id], indicators: [server.id] },
    },
  ];
  const ids: string[] = [];
  for (const { links, ...content } of stories) {
    const incident = await createIncident(ctx, analyst, {
      ...content,
      timePrecision: 'day',
      casualties: { killed: unknown, wounded: unknown, abducted: unknown },
      label: partners,
    });
    await setIncidentLinks(ctx, analyst, incident.id, links);
    await releaseIncident(ctx, officer, incident.id);
    ids.push(incident.id);
  }
  return ids;
}
