/**
 * The demo's joint training: a year of invented exercises across the six nations — a dozen of every
 * kind and status, with units, venues, objectives and planning milestones — KAZ's and UZB's busy
 * blocks (KGZ's imported from a file, still drafts), and one clash left for a planner to find:
 * PAK's spring command-post exercise falls on a public holiday of a nation taking part. Two past
 * exercises ran at their own times and one is running, so the metrics have a trend to show; the
 * later of the two held its after-action review as a meeting, with observations, lessons and their
 * actions in each of their stages.
 */
import { changeRepository } from '../../db/repositories/change-repository';
import { exerciseRepository } from '../../db/repositories/exercise-repository';
import { createBusyBlock, importBusyBlocks } from '../training/busy-block-service';
import { createExercise, moveExercise } from '../training/exercise-service';
import { addInject, controlExercise, controlPanel } from '../training/exercise-control';
import { fireDueInjects } from '../training/inject-firing';
import { respondToAlert } from '../hotline/alert-service';
import { addEntry, moveEntry } from '../crisis/crisis-service';
import { publicHolidays } from '../training/holidays';
import { createObservation, moveObservation } from '../training/observation-service';
import { createMeeting } from '../dialogue/meeting-service';
import { createCommitment, listCommitments, reportProgress } from '../dialogue/commitment-service';
import type { ObservationCreateRequest } from '../../../shared/contracts/lessons';
import type { ExerciseCreateRequest, MilestoneInput, Unit } from '../../../shared/contracts/training';
import type { LabelInput } from '../../../shared/labels/label';
import type { ExerciseStatus } from '../../../shared/vocab/training';
import type { Role } from '../../../shared/vocab/roles';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const restricted = (relTo: string[]): LabelInput => ({
  classification: 'RESTRICTED',
  relTo,
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
});

/** Invented units, by nation. */
const UNITS: Record<string, Unit[]> = {
  PAK: [
    { nation: 'PAK', name: '3rd Commando Battalion' },
    { nation: 'PAK', name: 'Army Aviation Squadron 21' },
  ],
  KAZ: [
    { nation: 'KAZ', name: '36th Air Assault Brigade' },
    { nation: 'KAZ', name: 'Border Rapid Response Detachment' },
  ],
  KGZ: [{ nation: 'KGZ', name: 'Mountain Rifle Battalion 2' }],
  TJK: [{ nation: 'TJK', name: '7th Air Assault Brigade' }],
  UZB: [
    { nation: 'UZB', name: 'Special Operations Battalion 17' },
    { nation: 'UZB', name: 'Engineer Company 4' },
  ],
  USA: [{ nation: 'USA', name: 'Civil Affairs Team 9' }],
};

const VENUES = {
  matybulak: { online: false as const, name: 'Matybulak training area', country: 'KAZ', lat: 43.35, lon: 74.75 },
  edrenbaikal: { online: false as const, name: 'Edelweiss range', country: 'KGZ', lat: 42.55, lon: 74.45 },
  fakhrabad: { online: false as const, name: 'Fakhrabad training ground', country: 'TJK', lat: 38.5, lon: 68.9 },
  chirchik: { online: false as const, name: 'Chirchik training centre', country: 'UZB', lat: 41.47, lon: 69.58 },
  pabbi: { online: false as const, name: 'National Counter Terrorism Centre, Pabbi', country: 'PAK', lat: 34.0, lon: 71.8 },
  islamabad: { online: false as const, name: 'Joint Staff simulation centre, Rawalpindi', country: 'PAK', lat: 33.6, lon: 73.06 },
};

interface DemoExercise {
  lead: string;
  title: string;
  kind: ExerciseCreateRequest['kind'];
  /** Days from today to STARTEX, and how long it runs. */
  startsIn: number;
  days: number;
  venue: ExerciseCreateRequest['venue'];
  timeZone: string;
  participants: string[];
  units: Unit[];
  resources?: string[];
  objectives: { text: string; threats: string[] }[];
  audience: string;
  status: ExerciseStatus;
  /** Planning conferences (days before STARTEX) and a review (days after ENDEX). */
  conferences?: [initial: number, main: number, final: number];
  reviewAfter?: number;
  /** The review is held as a meeting of the dialogue (hosted by the lead), where its lessons' actions are recorded. */
  reviewMeeting?: true;
}

const ALL = ['PAK', 'USA', 'KAZ', 'KGZ', 'TJK', 'UZB'];

/** The exercise the demo runs: started two hours ago from its control panel, its MSEL part fired. */
const RUNNING = 'Indus Sentinel';

const EXERCISES: DemoExercise[] = [
  {
    lead: 'PAK',
    title: RUNNING,
    kind: 'command-post',
    startsIn: 0,
    days: 2,
    venue: VENUES.islamabad,
    timeZone: 'Asia/Karachi',
    participants: ['KAZ', 'UZB'],
    units: [],
    objectives: [
      { text: 'Acknowledge a cross-border alert within 15 minutes.', threats: ['border-incident'] },
      { text: 'Report in the joint crisis room within the hour.', threats: ['terrorism-militancy'] },
    ],
    audience: 'National duty desks and their crisis staffs',
    status: 'executing',
  },
  {
    lead: 'KAZ',
    title: 'Steppe Shield',
    kind: 'field',
    startsIn: 150,
    days: 9,
    venue: VENUES.matybulak,
    timeZone: 'Asia/Almaty',
    participants: ['PAK', 'UZB', 'KGZ'],
    units: [UNITS.KAZ![0]!, UNITS.PAK![0]!, UNITS.UZB![0]!],
    resources: ['Range 4', 'Mi-17 helicopters (2)'],
    objectives: [
      { text: 'Conduct a combined cordon-and-search of a militant safe house.', threats: ['terrorism-militancy'] },
      { text: 'Hand over detainees and evidence across a national boundary.', threats: ['border-incident'] },
    ],
    audience: 'Company commanders and their staffs',
    status: 'planning',
    conferences: [120, 75, 30],
    reviewAfter: 14,
  },
  {
    lead: 'PAK',
    title: 'Indus Resolve',
    kind: 'command-post',
    startsIn: 0, // placed on a holiday below
    days: 4,
    venue: VENUES.islamabad,
    timeZone: 'Asia/Karachi',
    participants: ['USA', 'KAZ', 'UZB'],
    units: [UNITS.PAK![1]!, UNITS.USA![0]!],
    objectives: [{ text: 'Run a regional counter-terrorism operations centre for four days.', threats: ['terrorism-militancy'] }],
    audience: 'Joint staff watch officers',
    status: 'approved',
    conferences: [90, 50, 20],
    reviewAfter: 10,
  },
  {
    lead: 'UZB',
    title: 'Amu Darya Watch',
    kind: 'tabletop',
    startsIn: 40,
    days: 2,
    venue: VENUES.chirchik,
    timeZone: 'Asia/Tashkent',
    participants: ['TJK', 'KAZ'],
    units: [UNITS.UZB![1]!],
    objectives: [{ text: 'Agree who does what when a narcotics convoy crosses the river at night.', threats: ['narcotics'] }],
    audience: 'Border service and counter-narcotics officers',
    status: 'approved',
    conferences: [30, 20, 7],
  },
  {
    lead: 'KGZ',
    title: 'Ala-Too Peaks',
    kind: 'live-fire',
    startsIn: 210,
    days: 6,
    venue: VENUES.edrenbaikal,
    timeZone: 'Asia/Bishkek',
    participants: ['KAZ', 'TJK'],
    units: [UNITS.KGZ![0]!, UNITS.KAZ![1]!],
    resources: ['Artillery range North'],
    objectives: [{ text: 'Clear a mountain pass held by an armed group.', threats: ['armed-clash'] }],
    audience: 'Mountain infantry platoons',
    status: 'concept',
  },
  {
    lead: 'TJK',
    title: 'Pamir Response',
    kind: 'field',
    startsIn: 95,
    days: 5,
    venue: VENUES.fakhrabad,
    timeZone: 'Asia/Dushanbe',
    participants: ['UZB', 'KGZ', 'USA'],
    units: [UNITS.TJK![0]!, UNITS.KGZ![0]!],
    objectives: [{ text: 'Evacuate civilians after a border-area earthquake under threat of attack.', threats: ['border-incident'] }],
    audience: 'Brigade staff and civil protection',
    status: 'planning',
    conferences: [70, 45, 15],
  },
  {
    lead: 'USA',
    title: 'Regional Cooperation Seminar',
    kind: 'seminar',
    startsIn: 60,
    days: 3,
    venue: { online: true },
    timeZone: 'UTC',
    participants: ['PAK', 'KAZ', 'KGZ', 'TJK', 'UZB'],
    units: [],
    objectives: [{ text: 'Share lessons from last year’s exercises on information exchange.', threats: ['cyber'] }],
    audience: 'Planners of every partner',
    status: 'approved',
  },
  {
    lead: 'PAK',
    title: 'Cyber Sentinel',
    kind: 'computer-assisted',
    startsIn: 250,
    days: 3,
    venue: { online: true },
    timeZone: 'Asia/Karachi',
    participants: ['KAZ', 'UZB', 'USA'],
    units: [],
    objectives: [{ text: 'Detect and contain an intrusion into a shared logistics network.', threats: ['cyber'] }],
    audience: 'Computer emergency response teams',
    status: 'concept',
  },
  {
    lead: 'KAZ',
    title: 'Caspian Liaison',
    kind: 'tabletop',
    startsIn: -120,
    days: 2,
    venue: VENUES.matybulak,
    timeZone: 'Asia/Almaty',
    participants: ['UZB', 'USA'],
    units: [],
    objectives: [{ text: 'Test the liaison desks’ hand-over of a smuggling case.', threats: ['trafficking-smuggling'] }],
    audience: 'Liaison officers',
    status: 'complete',
  },
  {
    lead: 'UZB',
    title: 'Fergana Bridge',
    kind: 'field',
    startsIn: -60,
    days: 5,
    venue: VENUES.chirchik,
    timeZone: 'Asia/Tashkent',
    participants: ['KGZ', 'TJK'],
    units: [UNITS.UZB![0]!, UNITS.TJK![0]!],
    objectives: [{ text: 'Build and guard a temporary crossing under observation.', threats: ['border-incident'] }],
    audience: 'Engineer and infantry companies',
    status: 'complete',
    reviewAfter: 10,
    reviewMeeting: true,
  },
  {
    lead: 'TJK',
    title: 'Vakhsh Guardian',
    kind: 'command-post',
    startsIn: 180,
    days: 3,
    venue: VENUES.fakhrabad,
    timeZone: 'Asia/Dushanbe',
    participants: ['UZB'],
    units: [],
    objectives: [{ text: 'Coordinate a response to an attack on a dam.', threats: ['terrorism-militancy'] }],
    audience: 'Operational staffs',
    status: 'cancelled',
  },
  {
    lead: 'KGZ',
    title: 'Tien Shan Medic',
    kind: 'seminar',
    startsIn: 300,
    days: 2,
    venue: { online: true },
    timeZone: 'Asia/Bishkek',
    participants: ['KAZ', 'USA'],
    units: [],
    objectives: [{ text: 'Agree casualty evacuation across borders.', threats: ['other'] }],
    audience: 'Military medical services',
    status: 'concept',
  },
  {
    lead: 'PAK',
    title: 'Khyber Pass Drill',
    kind: 'live-fire',
    startsIn: 330,
    days: 4,
    venue: VENUES.pabbi,
    timeZone: 'Asia/Karachi',
    participants: ['USA'],
    units: [UNITS.PAK![0]!],
    resources: ['Range 4'],
    objectives: [{ text: 'Counter an IED-laden vehicle at a checkpoint.', threats: ['explosive-remote-violence'] }],
    audience: 'Commando platoons',
    status: 'planning',
    conferences: [150, 90, 30],
  },
];

/** Midnight UTC `days` from now, plus `hours`. */
function dayFrom(now: Date, days: number, hours = 0): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight + days * DAY + hours * HOUR);
}

/** The moves from concept to a planned status (complete and executing belong to the control panel: the demo writes complete ones as planned, below). */
const PATH: Record<ExerciseStatus, ExerciseStatus[]> = {
  concept: [],
  planning: ['planning'],
  approved: ['planning', 'approved'],
  cancelled: ['cancelled'],
  executing: ['planning', 'approved'],
  complete: ['planning', 'approved'],
};

/** How fast a past exercise's partners answered, in minutes: each participant's acknowledgement, the first one's report, the offer's acceptance. */
interface PastAnswers {
  acknowledge: Record<string, number>;
  firstReport: number;
  offerAccepted: number;
}

/** The past exercises' answers, quicker each time: the trend the metrics page shows. */
const PAST_RUNS: Record<string, PastAnswers> = {
  'Caspian Liaison': { acknowledge: { UZB: 18, USA: 26 }, firstReport: 55, offerAccepted: 70 },
  'Fergana Bridge': { acknowledge: { KGZ: 11, TJK: 16 }, firstReport: 35, offerAccepted: 40 },
};

/**
 * A past exercise run as it would have been, on a clock set back to its own times: an alert to its
 * partners' desks 15 minutes after STARTEX and a crisis room at 30, each partner acknowledging, the
 * first reporting in the room, the lead asking for help and accepting the second's offer; ENDEX
 * closes the room and completes it.
 */
async function runPastExercise(
  ctx: Context,
  as: (nation: string, role: Role) => Promise<UserActor>,
  id: string,
  e: DemoExercise,
  answers: PastAnswers,
  desks: Record<string, string>,
) {
  const controller = await as(e.lead, 'exercise-planner');
  const exercise = (await exerciseRepository(ctx.database.db).findReadable(id, controller.reader))!;
  const startex = new Date(exercise.starts_at).getTime();
  const at = (minutes: number): Context => ({ ...ctx, clock: { now: () => new Date(startex + minutes * 60_000) } });
  const label = restricted([e.lead, ...e.participants]);
  const [first, second] = e.participants as [string, string];
  await addInject(ctx, controller, id, {
    title: 'Suspicious crossing reported',
    atMinutes: 15,
    action: {
      kind: 'alert',
      severity: 'priority',
      summary: 'Unidentified group crossing at night',
      details: '',
      targetDesks: e.participants.map((n) => desks[n]!),
      label,
    },
    expectations: e.participants.map((nation) => ({
      kind: 'acknowledge' as const,
      nation,
      deskId: desks[nation]!,
      withinMinutes: 15,
      objective: 0,
      text: '',
    })),
  });
  await addInject(ctx, controller, id, {
    title: 'Joint crisis room opened',
    atMinutes: 30,
    action: { kind: 'crisis', title: `${e.title}: crossing incident`, summary: 'Joint response to the crossing.', label },
    expectations: [{ kind: 'sitrep', nation: first, deskId: null, withinMinutes: 60, objective: 0, text: '' }],
  });
  await controlExercise(at(0), controller, id, 'start');
  await fireDueInjects(at(15));
  const panel = await controlPanel(at(15), controller, id);
  const alert = panel.injects.find((i) => i.made?.kind === 'alert')!.made!.id;
  for (const [nation, minutes] of Object.entries(answers.acknowledge))
    await respondToAlert(at(15 + minutes), await as(nation, 'duty-officer'), alert, { deskId: desks[nation]! }, 'acknowledge');
  await fireDueInjects(at(30));
  const room = (await controlPanel(at(30), controller, id)).injects.find((i) => i.made?.kind === 'crisis')!.made!.id;
  const reported = at(30 + answers.firstReport);
  await addEntry(reported, await as(first, 'duty-officer'), {
    crisisId: room,
    kind: 'sitrep',
    sitrep: {
      asOf: reported.clock.now().toISOString(),
      level: 'degraded',
      situation: 'Patrols deployed along the crossing.',
      actionsTaken: '',
      assessment: '',
      nextSteps: '',
      needs: '',
    },
    label,
  });
  const request = await addEntry(at(40), await as(e.lead, 'duty-officer'), {
    crisisId: room,
    kind: 'request',
    what: 'Night-vision equipment for the crossing guard',
    quantity: '',
    label,
  });
  const offer = await addEntry(at(45), await as(second, 'duty-officer'), {
    crisisId: room,
    kind: 'offer',
    what: 'Twelve night-vision sets',
    requestId: request,
    label,
  });
  await moveEntry(at(40 + answers.offerAccepted), await as(e.lead, 'duty-officer'), offer, { action: 'accept' });
  await controlExercise({ ...ctx, clock: { now: () => new Date(exercise.ends_at) } }, controller, id, 'end');
}

/**
 * Indus Sentinel runs: PAK's controller wrote its MSEL and started it two hours ago. The alert to
 * KAZ's and UZB's desks, the crisis room and PAK's first report have fired; KAZ's duty officer
 * acknowledged the alert in time, UZB's has not; a message and a second alert are still to come.
 */
async function runIndusSentinel(
  ctx: Context,
  as: (nation: string, role: Role) => Promise<UserActor>,
  id: string,
  desks: Record<string, string>,
) {
  const controller = await as('PAK', 'exercise-planner');
  const label = restricted(['PAK', 'KAZ', 'UZB']);
  const panelOf = () => controlPanel(ctx, controller, id);
  await addInject(ctx, controller, id, {
    title: 'Cross-border raid reported',
    atMinutes: 30,
    action: {
      kind: 'alert',
      severity: 'flash',
      summary: 'Armed group crossed the border near post 7',
      details: 'About twenty fighters with vehicles, heading north.',
      targetDesks: [desks.KAZ!, desks.UZB!],
      label,
    },
    expectations: [
      { kind: 'acknowledge', nation: 'KAZ', deskId: desks.KAZ!, withinMinutes: 15, objective: 0, text: 'KAZ desk acknowledges.' },
      { kind: 'acknowledge', nation: 'UZB', deskId: desks.UZB!, withinMinutes: 15, objective: 0, text: 'UZB desk acknowledges.' },
    ],
  });
  await addInject(ctx, controller, id, {
    title: 'Joint crisis room opened',
    atMinutes: 60,
    action: { kind: 'crisis', title: 'Post 7 raid', summary: 'Joint response to the raid near post 7.', label },
    expectations: [
      { kind: 'sitrep', nation: 'KAZ', deskId: null, withinMinutes: 60, objective: 1, text: 'KAZ reports its border posts’ state.' },
      { kind: 'controller', nation: 'UZB', deskId: null, withinMinutes: 120, objective: 1, text: 'UZB closes its side of the crossing.' },
    ],
  });
  const room = (await panelOf()).injects.find((i) => i.action.kind === 'crisis')!.id;
  await addInject(ctx, controller, id, {
    title: 'PAK first situation report',
    atMinutes: 90,
    action: {
      kind: 'sitrep',
      crisisInjectId: room,
      sitrep: {
        level: 'degraded',
        situation: 'Post 7 under fire; quick reaction force on its way.',
        actionsTaken: '',
        assessment: '',
        nextSteps: '',
        needs: '',
      },
      label,
    },
    expectations: [],
  });
  await addInject(ctx, controller, id, {
    title: 'Casualties evacuated',
    atMinutes: 180,
    action: { kind: 'message', crisisInjectId: room, text: 'Two wounded evacuated to Peshawar by helicopter.', label },
    expectations: [],
  });
  await addInject(ctx, controller, id, {
    title: 'Second group sighted',
    atMinutes: 240,
    action: {
      kind: 'alert',
      severity: 'immediate',
      summary: 'Second armed group sighted near post 9',
      details: '',
      targetDesks: [desks.KAZ!],
      label,
    },
    expectations: [{ kind: 'acknowledge', nation: 'KAZ', deskId: desks.KAZ!, withinMinutes: 15, objective: 0, text: '' }],
  });
  // Started two hours ago: what fell due since fires now.
  const now = ctx.clock.now();
  await controlExercise({ ...ctx, clock: { now: () => new Date(now.getTime() - 2 * HOUR) } }, controller, id, 'start');
  await fireDueInjects(ctx);
  const alert = (await panelOf()).injects.find((i) => i.made?.kind === 'alert')!.made!.id;
  await respondToAlert(ctx, await as('KAZ', 'duty-officer'), alert, { deskId: desks.KAZ!, note: 'Posts 5 to 9 on alert.' }, 'acknowledge');
}

/** The exercise whose after-action review the demo has held: its observations, lessons and actions. */
const LESSONS = 'Fergana Bridge';

/**
 * Fergana Bridge's lessons, in each of their stages: UZB's lesson learned (its action done), KGZ's
 * lesson identified with an action shared with UZB still in progress, TJK's observation not yet
 * concluded. The actions are commitments of the after-action review, hosted by UZB.
 */
async function seedLessons(ctx: Context, as: (nation: string, role: Role) => Promise<UserActor>, id: string) {
  const exercise = (await exerciseRepository(ctx.database.db).findReadable(id, (await as('UZB', 'exercise-planner')).reader))!;
  const review = exercise.milestones.find((m) => m.kind === 'after-action-review')!;
  const reviewed = new Date(review.ends_at).getTime();
  const at = (days: number): Context => ({ ...ctx, clock: { now: () => new Date(reviewed + days * DAY) } });
  const observe = async (nation: string, days: number, body: Omit<ObservationCreateRequest, 'label'>) =>
    createObservation(at(days), await as(nation, 'exercise-planner'), id, body);
  const uzb = await observe('UZB', -12, {
    title: 'Bridging kit reached the site four hours late',
    observation: 'The bridging kit left the depot after STARTEX and the crossing opened four hours behind the plan.',
    discussion: 'Road moves were planned for daylight only; the kit waited for an escort overnight.',
    conclusion: 'The kit must be at the site before STARTEX.',
    recommendation: 'Pre-position the bridging kit at the crossing site two days before STARTEX.',
    objective: 0,
  });
  const kgz = await observe('KGZ', -11, {
    title: 'Engineer radio nets did not interoperate',
    observation: 'KGZ and UZB engineer companies could not talk on their radio nets and relayed through liaison officers.',
    discussion: 'Each nation brought its own frequency plan.',
    conclusion: 'A common frequency plan is needed for joint crossings.',
    recommendation: 'Agree a common engineer frequency plan before the next exercise.',
    objective: 0,
  });
  await observe('TJK', -11, {
    title: 'Night-vision sets arrived without batteries',
    observation: 'Six of the twelve night-vision sets offered in the crisis room arrived without batteries.',
    discussion: '',
    conclusion: '',
    recommendation: '',
    objective: null,
  });
  for (const [nation, observation] of [
    ['UZB', uzb],
    ['KGZ', kgz],
  ] as const)
    await moveObservation(at(-10), await as(nation, 'exercise-planner'), observation, 'lesson-identified');
  const organiser = await as('UZB', 'dialogue-officer');
  const kit = await createCommitment(at(0), organiser, review.meeting_id!, {
    text: 'Pre-position the bridging kit at the Chirchik crossing site before STARTEX.',
    ownerNations: ['UZB'],
    dueOn: at(20).clock.now().toISOString().slice(0, 10),
    source: { kind: 'observation', id: uzb },
  });
  await createCommitment(at(0), organiser, review.meeting_id!, {
    text: 'Agree a common engineer frequency plan for joint crossings.',
    ownerNations: ['KGZ', 'UZB'],
    dueOn: dayFrom(ctx.clock.now(), 45).toISOString().slice(0, 10),
    source: { kind: 'observation', id: kgz },
  });
  await reportProgress(at(18), await as('UZB', 'dialogue-officer'), kit, {
    status: 'done',
    text: 'The kit now moves to the site with the advance party.',
    evidence: [],
  });
  await moveObservation(at(19), await as('UZB', 'exercise-planner'), uzb, 'lesson-learned');
  const radios = (await listCommitments(at(21), organiser, { limit: 10, observation: kgz })).items[0]!;
  await reportProgress(at(21), await as('KGZ', 'dialogue-officer'), radios.id, {
    status: 'in-progress',
    text: 'A draft plan went to UZB’s signals staff.',
    evidence: [],
  });
}

export async function seedTraining(
  ctx: Context,
  as: (nation: string, role: Role) => Promise<UserActor>,
  desks: Record<string, string>,
): Promise<string[]> {
  const now = ctx.clock.now();
  const ids: string[] = [];
  // Indus Resolve falls on the first public holiday of Uzbekistan at least 70 days ahead.
  const holiday = publicHolidays(['UZB'], dayFrom(now, 70), dayFrom(now, 430))[0];
  for (const e of EXERCISES) {
    const planner = await as(e.lead, 'exercise-planner');
    const startsAt =
      e.title === 'Indus Resolve' && holiday
        ? new Date(holiday.startsAt.getTime() - DAY + 4 * HOUR)
        : e.title === RUNNING
          ? new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 2 * HOUR)
          : dayFrom(now, e.startsIn, 4);
    const endsAt = new Date(startsAt.getTime() + e.days * DAY - 8 * HOUR);
    const milestones: MilestoneInput[] = [];
    if (e.conferences) {
      const kinds = ['initial-planning-conference', 'main-planning-conference', 'final-planning-conference'] as const;
      e.conferences.forEach((before, i) => {
        const at = new Date(startsAt.getTime() - before * DAY);
        milestones.push({
          kind: kinds[i]!,
          title: '',
          startsAt: at.toISOString(),
          endsAt: new Date(at.getTime() + 2 * DAY - 12 * HOUR).toISOString(),
          meetingId: null,
        });
      });
    }
    if (e.reviewAfter) {
      const at = new Date(endsAt.getTime() + e.reviewAfter * DAY);
      const reviewEnds = new Date(at.getTime() + 6 * HOUR);
      milestones.push({
        kind: 'after-action-review',
        title: '',
        startsAt: at.toISOString(),
        endsAt: reviewEnds.toISOString(),
        meetingId: e.reviewMeeting
          ? await createMeeting(ctx, await as(e.lead, 'dialogue-officer'), {
              title: `${e.title}: after-action review`,
              kind: 'working-group',
              summary: `The lessons of ${e.title} and the actions they call for.`,
              venue: e.venue,
              timeZone: e.timeZone,
              startsAt: at.toISOString(),
              endsAt: reviewEnds.toISOString(),
              participants: e.participants,
              label: restricted([e.lead, ...e.participants]),
            })
          : null,
      });
    }
    const id = await createExercise(ctx, planner, {
      title: e.title,
      kind: e.kind,
      summary: `${e.title}: ${e.objectives[0]!.text}`,
      venue: e.venue,
      timeZone: e.timeZone,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      participants: e.participants,
      units: e.units,
      resources: e.resources ?? [],
      objectives: e.objectives.map((o) => ({ ...o, commitmentId: null })),
      trainingAudience: e.audience,
      milestones,
      label: restricted([e.lead, ...e.participants]),
    });
    for (const status of PATH[e.status]) await moveExercise(ctx, planner, id, status);
    ids.push(id);
  }
  // Past exercises ran from their control panels, at their own times, and left their metrics
  // behind; one without a run of its own here is simply marked complete (the control panel's word).
  for (const [i, e] of EXERCISES.entries()) {
    if (e.status !== 'complete') continue;
    const answers = PAST_RUNS[e.title];
    if (answers) await runPastExercise(ctx, as, ids[i]!, e, answers, desks);
    else
      await ctx.database.transaction(async (tx) => {
        const repo = exerciseRepository(tx.db);
        const version = (await repo.forUpdate(ids[i]!))!.version + 1;
        await repo.update(ids[i]!, { status: 'complete', version, label_version: version, updated_at: now });
        await changeRepository(tx.db).record([{ at: now, record_kind: 'exercise', record_id: ids[i]!, version, change: 'update' }]);
      });
  }

  await runIndusSentinel(ctx, as, ids[EXERCISES.findIndex((e) => e.title === RUNNING)]!, desks);
  await seedLessons(ctx, as, ids[EXERCISES.findIndex((e) => e.title === LESSONS)]!);

  // KAZ's brigade is busy for a fortnight, which PAK, UZB and the USA see (not why); UZB as a whole for its national exercise.
  const kaz = await as('KAZ', 'exercise-planner');
  await createBusyBlock(ctx, kaz, {
    title: 'Unavailable',
    unit: '36th Air Assault Brigade',
    timeZone: 'Asia/Almaty',
    allDay: true,
    startDate: dayFrom(now, 146).toISOString().slice(0, 10),
    endDate: dayFrom(now, 152).toISOString().slice(0, 10),
    label: restricted(['KAZ', 'PAK', 'UZB', 'USA']),
  });
  const uzb = await as('UZB', 'exercise-planner');
  await createBusyBlock(ctx, uzb, {
    title: 'National exercise',
    unit: null,
    timeZone: 'Asia/Tashkent',
    allDay: true,
    startDate: dayFrom(now, 200).toISOString().slice(0, 10),
    endDate: dayFrom(now, 206).toISOString().slice(0, 10),
    label: restricted(ALL),
  });
  // KGZ imported its leave plan from a calendar file: drafts, for its planner to check and publish.
  const kgz = await as('KGZ', 'exercise-planner');
  const date = (days: number) => dayFrom(now, days).toISOString().slice(0, 10).replace(/-/g, '');
  await importBusyBlocks(ctx, kgz, {
    calendar: [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//KGZ General Staff//Leave plan//EN',
      ...[
        [100, 114, 'Battalion leave'],
        [260, 267, 'Equipment maintenance'],
      ].flatMap(([from, to, summary]) => [
        'BEGIN:VEVENT',
        `UID:kgz-leave-${String(from)}@example.invalid`,
        `SUMMARY:${String(summary)}`,
        `DTSTART;VALUE=DATE:${date(from as number)}`,
        `DTEND;VALUE=DATE:${date(to as number)}`,
        'END:VEVENT',
      ]),
      'END:VCALENDAR',
    ].join('\r\n'),
    unit: 'Mountain Rifle Battalion 2',
    title: 'Unavailable',
    timeZone: 'Asia/Bishkek',
    label: restricted(['KGZ', 'KAZ', 'TJK']),
  });
  return ids;
}
