/**
 * The demo's strategic dialogue: a regional chiefs-of-defence conference PAK hosted a month ago —
 * every nation answered and sent a delegation, an agenda with a bilateral sidebar for PAK and KAZ
 * alone, minutes of the items — and staff talks PAK hosts in three weeks, with answers still coming.
 */
import { addAgendaItem, answerInvitation, createMeeting, writeDelegation, writeMinutes } from '../dialogue/meeting-service';
import type { LabelInput } from '../../../shared/labels/label';
import type { Role } from '../../../shared/vocab/roles';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const PARTNERS = ['USA', 'KAZ', 'KGZ', 'TJK', 'UZB'];

const restricted = (relTo: string[]): LabelInput => ({
  classification: 'RESTRICTED',
  relTo,
  caveats: [],
  tlp: 'GREEN',
  recipients: { orgs: [], users: [] },
});

/** Each nation's head of delegation to the conference, and one member. */
const DELEGATIONS: Record<string, [string, string, string][]> = {
  PAK: [
    ['General S. Qureshi', 'General', 'Chairman, Joint Chiefs of Staff Committee'],
    ['Brig. F. Malik', 'Brigadier', 'Director, International Cooperation'],
  ],
  USA: [
    ['General M. Harlan', 'General', 'Commander, regional command'],
    ['Col. J. Ortega', 'Colonel', 'Director, security cooperation'],
  ],
  KAZ: [
    ['Lt Gen. A. Nurlanov', 'Lieutenant General', 'Chief of the General Staff'],
    ['Col. D. Sarsenbayev', 'Colonel', 'Head of international cooperation'],
  ],
  KGZ: [
    ['Maj. Gen. T. Asanov', 'Major General', 'Chief of the General Staff'],
    ['Lt Col. B. Osmonov', 'Lieutenant Colonel', 'Staff officer, border cooperation'],
  ],
  TJK: [
    ['Lt Gen. R. Nazarov', 'Lieutenant General', 'Chief of the General Staff'],
    ['Col. S. Rahimov', 'Colonel', 'Head of the international department'],
  ],
  UZB: [
    ['Lt Gen. O. Karimov', 'Lieutenant General', 'Chief of the General Staff'],
    ['Col. N. Yusupov', 'Colonel', 'Head of military cooperation'],
  ],
};

export async function seedDialogue(ctx: Context, as: (nation: string, role: Role) => Promise<UserActor>): Promise<string[]> {
  const host = await as('PAK', 'dialogue-officer');
  const now = ctx.clock.now().getTime();
  const everyone = restricted(PARTNERS);
  const starts = Math.floor((now - 30 * DAY) / DAY) * DAY + 4 * HOUR;
  const conference = await createMeeting(ctx, host, {
    title: 'Regional Chiefs of Defence Conference',
    kind: 'conference',
    summary:
      'Annual conference of the chiefs of defence: military-to-military cooperation, counter-terrorism coordination, the shared picture of transnational threats, joint training and crisis response.',
    venue: { online: false, name: 'Joint Staff Headquarters, Rawalpindi', country: 'PAK', lat: 33.5973, lon: 73.0479 },
    timeZone: 'Asia/Karachi',
    startsAt: new Date(starts).toISOString(),
    endsAt: new Date(starts + 32 * HOUR).toISOString(),
    participants: PARTNERS,
    answerBy: new Date(starts - 14 * DAY).toISOString(),
    label: everyone,
  });
  for (const nation of PARTNERS)
    await answerInvitation(ctx, await as(nation, 'delegation-head'), conference, { answer: 'accepted', note: '' });
  for (const [nation, [head, member]] of Object.entries(DELEGATIONS)) {
    const toDelegate = ([name, rank, appointment]: [string, string, string]) => ({ name, rank, appointment });
    await writeDelegation(ctx, await as(nation, 'delegation-head'), conference, {
      head: toDelegate(head!),
      members: [toDelegate(member!)],
    });
  }
  const items: [string, string, LabelInput | undefined, string | null][] = [
    ['Opening address by the host', 'PAK', undefined, 'The Chairman opened the conference and welcomed the six delegations.'],
    [
      'Transnational threats: the shared picture',
      'USA',
      undefined,
      'Delegations reviewed the shared picture of militancy, narcotics trafficking and border incidents, and agreed to release more of their border reporting to all partners.',
    ],
    [
      'Counter-narcotics along the northern routes',
      'TJK',
      undefined,
      'TJK and UZB presented seizures on the northern routes; the conference asked for a joint working group.',
    ],
    ['Sidebar: the Wakhan corridor', 'KAZ', restricted(['KAZ']), 'PAK and KAZ agreed to exchange liaison officers.'],
    ['Joint training calendar', 'KGZ', undefined, null],
  ];
  for (const [i, [title, ownerNation, label, minutes]] of items.entries()) {
    const slot = starts + i * 2 * HOUR;
    const item = await addAgendaItem(ctx, host, conference, {
      title,
      description: '',
      ownerNation,
      slotStart: new Date(slot).toISOString(),
      slotEnd: new Date(slot + 2 * HOUR).toISOString(),
      ...(label ? { label } : {}),
    });
    if (minutes) await writeMinutes(ctx, host, item, { text: minutes });
  }

  const talks = Math.floor((now + 21 * DAY) / DAY) * DAY + 5 * HOUR;
  const staffTalks = await createMeeting(ctx, host, {
    title: 'Staff talks on border security',
    kind: 'staff-talks',
    summary: 'Follow-up of the conference: border liaison, patrol schedules, a common hotline exercise.',
    venue: { online: true },
    timeZone: 'Asia/Karachi',
    startsAt: new Date(talks).toISOString(),
    endsAt: new Date(talks + 4 * HOUR).toISOString(),
    participants: ['KAZ', 'UZB'],
    answerBy: new Date(talks - 7 * DAY).toISOString(),
    label: restricted(['KAZ', 'UZB']),
  });
  await answerInvitation(ctx, await as('KAZ', 'delegation-head'), staffTalks, {
    answer: 'tentative',
    note: 'Awaiting the date of the exercise.',
  });
  await addAgendaItem(ctx, host, staffTalks, { title: 'Border liaison officers', description: '', ownerNation: 'PAK' });
  await addAgendaItem(ctx, host, staffTalks, { title: 'Patrol schedules on the southern border', description: '', ownerNation: 'UZB' });
  return [conference, staffTalks];
}
