/**
 * The demo's strategic dialogue: a regional chiefs-of-defence conference PAK hosted a month ago —
 * every nation answered and sent a delegation, an agenda with a bilateral sidebar for PAK and KAZ
 * alone and files on three items, minutes of the items, a joint statement KAZ amended and every
 * nation concurred in (UZB with a reservation), adopted, signed, translated into Russian and Urdu and released publicly,
 * the commitments it made in several states — and staff talks PAK hosts in three weeks, with
 * answers still coming.
 */
import { addAgendaItem, answerInvitation, createMeeting, writeDelegation, writeMinutes } from '../dialogue/meeting-service';
import {
  createStatement,
  decideAmendment,
  getStatement,
  givePositions,
  proposeAmendment,
  publishStatement,
  translateStatement,
} from '../dialogue/statement-service';
import { createCommitment, reportProgress } from '../dialogue/commitment-service';
import { putMinutesToAdoption } from '../dialogue/minutes-adoption';
import { attachToAgendaItem } from '../dialogue/agenda-attachments';
import { pdfDocument } from '../pdf-document';
import type { CommitmentSource, EvidenceRef } from '../../../shared/contracts/commitments';
import type { LabelInput } from '../../../shared/labels/label';
import type { CommitmentStatus } from '../../../shared/vocab/dialogue';
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
  const itemIds: string[] = [];
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
    itemIds.push(item);
  }

  await seedAgendaFiles(ctx, as, host, itemIds);

  const statement = await seedJointStatement(ctx, as, conference);

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
  await seedCommitments(ctx, as, { conference, statement, itemIds, staffTalks });
  await seedMinutesAdoption(ctx, as, conference);
  return [conference, staffTalks];
}

const CLAUSES = [
  'The participants reaffirm their commitment to military-to-military cooperation and dialogue, with full respect for each nation’s sovereignty.',
  'They will share, through their Concord nodes, a common picture of transnational threats: militancy, narcotics trafficking, cyber insecurity and border instability.',
  'They will coordinate their counter-terrorism efforts through national liaison desks.',
  'They will hold a joint command-post exercise on crisis response before the next conference.',
  'The next conference will be hosted by Uzbekistan.',
];

/**
 * The conference's joint statement: drafted by PAK, KAZ proposes a firmer wording of the liaison
 * clause and PAK accepts it, every nation concurs — UZB with a reservation on the exercise — and the
 * text is adopted, signed, translated into Russian (authentic) and Urdu (unofficial) and released publicly.
 */
async function seedJointStatement(
  ctx: Context,
  as: (nation: string, role: Role) => Promise<UserActor>,
  conference: string,
): Promise<string> {
  const pen = await as('PAK', 'dialogue-officer');
  const id = await createStatement(ctx, pen, conference, {
    title: 'Joint statement of the Regional Chiefs of Defence Conference',
    preamble:
      'The chiefs of defence of Kazakhstan, Kyrgyzstan, Pakistan, Tajikistan, the United States and Uzbekistan, meeting in Rawalpindi,',
    clauses: CLAUSES,
    language: 'en',
  });
  const kaz = await as('KAZ', 'delegation-head');
  const liaison = (await getStatement(ctx, kaz, id)).statement.clauses[2]!;
  await givePositions(ctx, kaz, id, {
    positions: [
      {
        clause: liaison.id,
        ofVersion: liaison.version,
        stance: 'non-concur',
        reservation: '',
        reason: 'Desks alone are not enough: name the hotline.',
        amendment:
          'They will coordinate their counter-terrorism efforts through national liaison desks joined by a common hotline, staffed at all hours.',
      },
    ],
  });
  const [amendment] = (await getStatement(ctx, pen, id)).positions.flatMap((p) => p.entries.filter((e) => e.type === 'amendment'));
  await decideAmendment(ctx, pen, id, amendment!.id, { nation: 'KAZ', decision: 'accepted', note: 'Agreed in plenary.' });
  for (const nation of ['PAK', ...PARTNERS]) {
    const head = await as(nation, 'delegation-head');
    const { statement } = await getStatement(ctx, head, id);
    await givePositions(ctx, head, id, {
      positions: [
        ...statement.clauses.map((c, i) =>
          nation === 'UZB' && i === 3
            ? {
                clause: c.id,
                ofVersion: c.version,
                stance: 'reservation' as const,
                reservation: 'Uzbekistan will take part in the exercise within the limits of its national legislation.',
                reason: '',
                amendment: '',
              }
            : { clause: c.id, ofVersion: c.version, stance: 'concur' as const, reservation: '', reason: '', amendment: '' },
        ),
        { clause: null, ofVersion: statement.text_version, stance: 'concur' as const, reservation: '', reason: '', amendment: '' },
      ],
    });
  }
  await translateStatement(ctx, pen, id, 'ru', {
    status: 'authentic',
    title: 'Совместное заявление Региональной конференции начальников генеральных штабов',
    preamble:
      'Начальники генеральных штабов Казахстана, Кыргызстана, Пакистана, Таджикистана, Соединённых Штатов и Узбекистана, собравшись в Равалпинди,',
    clauses: [
      'Участники подтверждают приверженность военному сотрудничеству и диалогу при полном уважении суверенитета каждого государства.',
      'Через свои узлы Concord они будут вести общую картину транснациональных угроз: воинствующего экстремизма, наркотрафика, киберугроз и нестабильности на границах.',
      'Они будут координировать усилия по борьбе с терроризмом через национальные пункты связи, объединённые общей горячей линией, работающей круглосуточно.',
      'До следующей конференции они проведут совместное командно-штабное учение по реагированию на кризисы.',
      'Следующую конференцию примет Узбекистан.',
    ],
  });
  await translateStatement(ctx, pen, id, 'ur', {
    status: 'unofficial',
    title: 'علاقائی سربراہانِ دفاع کانفرنس کا مشترکہ اعلامیہ',
    preamble: 'قازقستان، کرغزستان، پاکستان، تاجکستان، ریاستہائے متحدہ اور ازبکستان کے سربراہانِ دفاع نے راولپنڈی میں ملاقات کرتے ہوئے،',
    clauses: [
      'شرکاء ہر ملک کی خودمختاری کے مکمل احترام کے ساتھ فوجی تعاون اور مکالمے سے اپنی وابستگی کا اعادہ کرتے ہیں۔',
      'وہ اپنے Concord نوڈز کے ذریعے بین الاقوامی خطرات کی مشترکہ تصویر رکھیں گے: عسکریت پسندی، منشیات کی اسمگلنگ، سائبر عدم تحفظ اور سرحدی عدم استحکام۔',
      'وہ انسدادِ دہشت گردی کی کوششوں کو قومی رابطہ ڈیسکوں کے ذریعے مربوط کریں گے جو چوبیس گھنٹے چلنے والی مشترکہ ہاٹ لائن سے منسلک ہوں گے۔',
      'وہ اگلی کانفرنس سے پہلے بحران سے نمٹنے پر ایک مشترکہ کمانڈ پوسٹ مشق کریں گے۔',
      'اگلی کانفرنس کی میزبانی ازبکستان کرے گا۔',
    ],
  });
  await publishStatement(ctx, await as('PAK', 'releasing-officer'), id, true);
  return id;
}

/**
 * Files on the conference's agenda: the host's programme (a PDF) on the opening, TJK's seizure
 * figures on the item it leads, and KAZ's note on the sidebar (PAK's and KAZ's alone, as the item is).
 */
async function seedAgendaFiles(ctx: Context, as: (nation: string, role: Role) => Promise<UserActor>, host: UserActor, itemIds: string[]) {
  const { doc, done } = pdfDocument({ size: 'A4', margin: 56 });
  doc.font('bold').fontSize(16).text('Regional Chiefs of Defence Conference — programme');
  doc.moveDown().font('regular').fontSize(11);
  for (const line of [
    'Day 1, 04:00 UTC — Opening address by the host',
    'Day 1, 06:00 UTC — Transnational threats: the shared picture',
    'Day 1, 08:00 UTC — Counter-narcotics along the northern routes',
    'Day 1, 10:00 UTC — Bilateral sidebars',
    'Day 1, 12:00 UTC — Joint training calendar',
  ])
    doc.text(line);
  doc.end();
  const file = (fileName: string, content: Buffer) => ({ fileName, contentBase64: content.toString('base64') });
  await attachToAgendaItem(ctx, host, itemIds[0]!, file('Conference programme.pdf', await done));
  await attachToAgendaItem(
    ctx,
    await as('TJK', 'delegation-head'),
    itemIds[2]!,
    file(
      'Northern routes - seizures.txt',
      Buffer.from(
        'Seizures on the northern routes, first half of the year\n\nHeroin: 1.2 t (TJK 0.7 t, UZB 0.5 t)\nOpium: 2.9 t\nHashish: 4.1 t\n\nMost seizures at the Panj river crossings and on the M41 road.\n',
      ),
    ),
  );
  await attachToAgendaItem(
    ctx,
    await as('KAZ', 'delegation-head'),
    itemIds[3]!,
    file(
      'Wakhan liaison posts.txt',
      Buffer.from('Proposed liaison posts along the Wakhan corridor: two, staffed by one officer of each nation.\n'),
    ),
  );
}

/**
 * The conference's minutes, put to the participants for adoption: KAZ proposes a correction, and
 * every nation but UZB has concurred so far (the sidebar's minutes, PAK's and KAZ's alone, stay
 * apart).
 */
async function seedMinutesAdoption(ctx: Context, as: (nation: string, role: Role) => Promise<UserActor>, conference: string) {
  const id = await putMinutesToAdoption(ctx, await as('PAK', 'dialogue-officer'), conference);
  const kaz = await as('KAZ', 'dialogue-officer');
  const threats = (await getStatement(ctx, kaz, id)).statement.clauses[1]!;
  await proposeAmendment(ctx, kaz, id, {
    clause: threats.id,
    ofVersion: threats.version,
    text: `${threats.text.replace(/\.$/, '')}, starting with the reports of the last quarter.`,
    comment: 'The conference set a starting point.',
  });
  for (const nation of ['PAK', 'USA', 'KAZ', 'KGZ', 'TJK']) {
    const head = await as(nation, 'delegation-head');
    const { statement } = await getStatement(ctx, head, id);
    await givePositions(ctx, head, id, {
      positions: [
        ...statement.clauses.map((c) => ({
          clause: c.id,
          ofVersion: c.version,
          stance: 'concur' as const,
          reservation: '',
          reason: '',
          amendment: '',
        })),
        { clause: null, ofVersion: statement.text_version, stance: 'concur' as const, reservation: '', reason: '', amendment: '' },
      ],
    });
  }
}

/**
 * What the conference committed the nations to, in several states: the exercise (in progress,
 * with the staff talks as evidence), the liaison desks (done), the counter-narcotics working group
 * (due within days: its owners are reminded), the border reporting (overdue), a hotline drill
 * (dropped), and the sidebar's liaison officers, PAK's and KAZ's alone.
 */
async function seedCommitments(
  ctx: Context,
  as: (nation: string, role: Role) => Promise<UserActor>,
  at: { conference: string; statement: string; itemIds: string[]; staffTalks: string },
) {
  const host = await as('PAK', 'dialogue-officer');
  const now = ctx.clock.now().getTime();
  const day = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  const clauses = (await getStatement(ctx, host, at.statement)).statement.clauses;
  const fromClause = (i: number) => ({ kind: 'statement' as const, id: at.statement, clauseId: clauses[i]!.id });
  const fromMinutes = (i: number) => ({ kind: 'minutes' as const, id: at.itemIds[i]! });
  const record = (text: string, ownerNations: string[], dueOn: string, source: CommitmentSource, label?: LabelInput) =>
    createCommitment(ctx, host, at.conference, { text, ownerNations, dueOn, source, ...(label ? { label } : {}) });
  const report = async (nation: string, id: string, status: CommitmentStatus, text: string, evidence: EvidenceRef[] = []) =>
    reportProgress(ctx, await as(nation, 'dialogue-officer'), id, { status, text, evidence });

  const exercise = await record(
    'Hold a joint command-post exercise on crisis response before the next conference.',
    ['KAZ', 'UZB', 'KGZ'],
    day(150),
    fromClause(3),
  );
  await report('UZB', exercise, 'in-progress', 'Initial planning conference held; the scenario is being drafted.', [
    { kind: 'statement', id: at.statement },
  ]);
  const desks = await record('Name a national liaison desk for counter-terrorism coordination.', ['PAK', 'KAZ'], day(-5), fromClause(2));
  await report('KAZ', desks, 'done', 'The KAZ liaison desk is staffed around the clock and on the hotline roster.');
  await record('Set up a joint working group on the northern narcotics routes.', ['TJK', 'UZB'], day(5), fromMinutes(2));
  const reporting = await record('Release more border reporting to all partners.', ['USA', 'KGZ'], day(-10), fromMinutes(1));
  await report('KGZ', reporting, 'in-progress', 'Border reports are now drafted for release to all partners; the backlog remains.');
  const drill = await record('Hold a hotline drill with every liaison desk in the first quarter.', ['KGZ'], day(40), fromMinutes(4));
  await report('KGZ', drill, 'dropped', 'Folded into the joint command-post exercise.', [{ kind: 'meeting', id: at.conference }]);
  await record('Exchange liaison officers.', ['PAK', 'KAZ'], day(60), fromMinutes(3), restricted(['KAZ']));
}
