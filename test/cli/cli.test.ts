/** The `concord` command against an embedded database in a temporary folder. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { withContext } from '../../src/cli/cli-kit';
import { runCli } from '../../src/cli/main';
import { makeInvite } from '../../src/server/domain/federation/invite';
import { encodePublicKey } from '../../src/server/domain/node/node-keys';
import type { NodeIdentity } from '../../src/server/domain/node/node-keys';
import type { Output } from '../../src/cli/cli-kit';

let dataDir: string;
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await runCli([...argv, '--data-dir', dataDir], output);
  return { code, out: out.join('\n'), err: err.join('\n') };
};

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('concord', () => {
  it('prints help and fails on unknown commands with exit code 2', async () => {
    expect(await runCli(['--help'], { out: () => {}, err: () => {} })).toBe(0);
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command/);
    const badFlag = await run('audit', 'list', '--no-such-flag');
    expect(badFlag.code).toBe(2);
  });

  it('migrates, loads the demo data and shows the node', async () => {
    expect((await run('migrate')).code).toBe(0);
    const demo = await run('demo', 'load');
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/demo data loaded/);
    const info = await run('node', 'info', '--json');
    const parsed = JSON.parse(info.out);
    expect(parsed.nation).toBe('PAK');
    expect(parsed.publicKey).toMatch(/^ed25519:/);
  });

  it('lists the demo’s commitments as a person may read them, with filters, as a table or as JSON', async () => {
    const asUsa = await run('commitments', 'list', '--as', 'usa.viewer', '--json');
    expect(asUsa.code).toBe(0);
    const usa = JSON.parse(asUsa.out) as { text: string; status: string; overdue: boolean; dueOn: string; ownerNations: string[] }[];
    expect(usa.map((c) => c.status).sort()).toEqual(['done', 'dropped', 'in-progress', 'in-progress', 'planned']);
    expect(usa.map((c) => c.dueOn)).toEqual([...usa.map((c) => c.dueOn)].sort());
    // The sidebar's commitment is PAK's and KAZ's alone.
    expect(usa.some((c) => c.text === 'Exchange liaison officers.')).toBe(false);
    const asKaz = JSON.parse((await run('commitments', 'list', '--as', 'kaz.viewer', '--owner', 'KAZ', '--json')).out) as typeof usa;
    expect(asKaz.map((c) => c.text)).toContain('Exchange liaison officers.');
    expect(asKaz.every((c) => c.ownerNations.includes('KAZ'))).toBe(true);
    const overdue = await run('commitments', 'list', '--as', 'usa.viewer', '--overdue');
    expect(overdue.out).toMatch(/in-progress!\s+KGZ,USA\s+Release more border reporting to all partners\./);
    expect(overdue.out).toMatch(/1 commitment, 1 overdue/);
    expect((await run('commitments', 'list', '--as', 'usa.viewer', '--status', 'finished')).code).toBe(2);
    expect((await run('commitments', 'list', '--as', 'nobody.at.all')).code).toBe(1);
  });

  it('lists the demo’s exercises as a person may read them, shows a clash, writes an .ics and imports busy blocks as drafts', async () => {
    const asUsa = JSON.parse((await run('exercises', 'list', '--as', 'usa.viewer', '--json')).out) as {
      id: string;
      title: string;
      participants: string[];
    }[];
    expect(asUsa.length).toBeGreaterThan(0);
    expect(asUsa.every((e) => e.participants.includes('USA'))).toBe(true);
    const indus = asUsa.find((e) => e.title === 'Indus Resolve')!;
    const clashes = await run('exercises', 'clashes', indus.id, '--as', 'pak.exercise-planner');
    expect(clashes.code).toBe(0);
    expect(clashes.out).toMatch(/holiday UZB: /);
    const file = path.join(dataDir, 'indus.ics');
    expect((await run('exercises', 'calendar', indus.id, '--as', 'usa.viewer', '--out', file)).code).toBe(0);
    const vevents = new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8')) as unknown[]).getAllSubcomponents('vevent');
    expect(vevents.map((v) => String(v.getFirstPropertyValue('summary')))).toContain(
      '[RESTRICTED//REL TO PAK, KAZ, USA, UZB TLP:GREEN] Exercise: Indus Resolve',
    );
    expect((await run('exercises', 'calendar', indus.id, '--as', 'kgz.viewer', '--out', file)).code).toBe(1);
    const ics = path.join(dataDir, 'leave.ics');
    fs.writeFileSync(
      ics,
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:l\r\nSUMMARY:Leave\r\nDTSTART;VALUE=DATE:20280110\r\nDTEND;VALUE=DATE:20280115\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    const imported = await run(
      'exercises',
      'import-busy',
      ics,
      '--as',
      'tjk.exercise-planner',
      '--time-zone',
      'Asia/Dushanbe',
      '--classification',
      'RESTRICTED',
      '--tlp',
      'GREEN',
      '--rel-to',
      'UZB',
    );
    expect([imported.code, imported.out]).toEqual([0, expect.stringMatching(/^1 draft busy block made/)]);
    expect(
      (
        await run(
          'exercises',
          'import-busy',
          ics,
          '--as',
          'tjk.exercise-planner',
          '--time-zone',
          'Mars/Olympus',
          '--classification',
          'RESTRICTED',
          '--tlp',
          'GREEN',
        )
      ).code,
    ).toBe(2);
    expect((await run('exercises', 'list', '--as', 'usa.viewer', '--status', 'finished')).code).toBe(2);
  });

  it('shows the running exercise’s control panel to its controller, pauses it, and only the run to a participant', async () => {
    const sentinel = (
      JSON.parse((await run('exercises', 'list', '--as', 'kaz.viewer', '--json', '--status', 'executing')).out) as {
        id: string;
        title: string;
      }[]
    )[0]!;
    expect(sentinel.title).toBe('Indus Sentinel');
    const panel = await run('exercises', 'panel', sentinel.id, '--as', 'pak.exercise-planner');
    expect(panel.code).toBe(0);
    expect(panel.out).toMatch(/^EXERCISE executing, running, T\+0[2-9]:\d\d/);
    expect(panel.out).toMatch(/T\+00:30\s+fired\s+alert\s+Cross-border raid reported/);
    expect(panel.out).toMatch(/met\s+KAZ acknowledge within 15 min/);
    expect(panel.out).toMatch(/T\+04:00\s+scheduled\s+alert\s+Second group sighted/);
    const paused = await run('exercises', 'control', sentinel.id, 'pause', '--as', 'pak.exercise-planner');
    expect([paused.code, paused.out]).toEqual([0, expect.stringMatching(/^EXERCISE executing, paused/)]);
    expect((await run('exercises', 'control', sentinel.id, 'pause', '--as', 'pak.exercise-planner')).code).toBe(1);
    expect((await run('exercises', 'control', sentinel.id, 'resume', '--as', 'pak.exercise-planner')).code).toBe(0);
    const asKaz = await run('exercises', 'panel', sentinel.id, '--as', 'kaz.duty-officer');
    expect(asKaz.out).toContain('the MSEL and its scores are the exercise controllers’ own');
    expect(asKaz.out).not.toContain('Second group sighted');
    expect((await run('exercises', 'control', sentinel.id, 'end', '--as', 'kaz.duty-officer')).code).toBe(1);
    expect((await run('exercises', 'control', sentinel.id, 'finish', '--as', 'pak.exercise-planner')).code).toBe(2);
  });

  it('shows exercise metrics as the user may read them, and writes them as CSV', async () => {
    const shown = await run('exercises', 'metrics', '--as', 'pak.exercise-planner', '--measure', 'acknowledge');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/^Indus Sentinel \(PAK, /m);
    expect(shown.out).toMatch(/acknowledge\s+KAZ: 1 answered, median \d/);
    const file = path.join(dataDir, 'metrics.csv');
    const written = await run('exercises', 'metrics', '--as', 'pak.exercise-planner', '--csv', file);
    expect(written.out).toMatch(/^wrote \d+ rows to /);
    expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toBe(
      'exercise,exercise_id,started_at,measure,nation,desk,count,median_minutes,mean_minutes,slowest_minutes',
    );
    // TJK took part in Fergana Bridge, not in Indus Sentinel.
    const atTjk = (await run('exercises', 'metrics', '--as', 'tjk.exercise-planner')).out;
    expect(atTjk).toMatch(/^Fergana Bridge \(UZB, /m);
    expect(atTjk).not.toContain('Indus Sentinel');
    const bad = await run('exercises', 'metrics', '--as', 'pak.exercise-planner', '--measure', 'speed');
    expect(bad.code).toBe(2);
  });

  it('writes an exercise’s after-exercise report with the lessons the user may read', async () => {
    const fergana = (
      JSON.parse((await run('exercises', 'list', '--as', 'uzb.viewer', '--json', '--status', 'complete')).out) as {
        id: string;
        title: string;
      }[]
    ).find((e) => e.title === 'Fergana Bridge')!;
    const file = path.join(dataDir, 'fergana.md');
    const written = await run('exercises', 'report', fergana.id, '--as', 'uzb.viewer', '--out', file);
    expect([written.code, written.out]).toEqual([0, expect.stringMatching(/^wrote the after-exercise report \(\d+ sections, md\) to /)]);
    const report = fs.readFileSync(file, 'utf8');
    expect(report).toMatch(/^# After-exercise report: Fergana Bridge/);
    expect(report).toContain('## Lessons learned');
    expect(report).toContain('Bridging kit reached the site four hours late');
    expect(report).toContain('| Agree a common engineer frequency plan for joint crossings. | KGZ, UZB |');
    const pdf = path.join(dataDir, 'fergana.pdf');
    expect((await run('exercises', 'report', fergana.id, '--as', 'uzb.viewer', '--out', pdf)).code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    // PAK takes no part in Fergana Bridge: the exercise is, for its viewer, as if it did not exist.
    expect((await run('exercises', 'report', fergana.id, '--as', 'pak.viewer', '--out', file)).code).toBe(1);
    expect((await run('exercises', 'report', fergana.id, '--as', 'uzb.viewer', '--out', file, '--format', 'docx')).code).toBe(2);
  });

  it('exports the demo’s adopted joint statement, signed, and verifies it offline — and not once tampered with', async () => {
    const id = await withContext(
      { CONCORD_DATA_DIR: dataDir },
      async (ctx) =>
        (await ctx.database.db.selectFrom('statements').select('id').where('status', '=', 'adopted').executeTakeFirstOrThrow()).id,
    );
    const file = path.join(dataDir, 'statement.json');
    const exported = await run('statement', 'export', id, '--as', 'kaz.viewer', '--format', 'json', '--out', file);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/signed/);
    const verified = await run('statement', 'verify', file);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/adopted .* by concurrence; participants KAZ, KGZ, PAK, TJK, USA, UZB/);
    expect(verified.out).toMatch(/verified: every signature holds/);
    const markdown = await run('statement', 'export', id, '--as', 'kaz.viewer');
    expect(markdown.out).toMatch(/3\. They will coordinate .* common hotline, staffed at all hours\./);
    expect(markdown.out).toMatch(/\[\^1\]: UZB reserves: Uzbekistan will take part/);
    const pdfFile = path.join(dataDir, 'statement.pdf');
    expect((await run('statement', 'export', id, '--as', 'kaz.viewer', '--format', 'pdf', '--out', pdfFile)).code).toBe(0);
    expect(fs.readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await run('statement', 'export', id, '--as', 'kaz.viewer', '--format', 'pdf')).code).toBe(2);
    const document = JSON.parse(fs.readFileSync(file, 'utf8'));
    document.clauses[4].text = 'The next conference will be hosted by Kazakhstan.';
    fs.writeFileSync(file, JSON.stringify(document));
    const tampered = await run('statement', 'verify', file);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toMatch(/the text does not match its digest/);
    expect(tampered.err).toMatch(/NOT VERIFIED/);
    // Read as someone the statement is not released to, it is not there.
    const outsider = await run('statement', 'export', id, '--as', 'nobody.at.all');
    expect(outsider.code).toBe(1);
  });

  it('adds, lists and disables users; usage errors exit 2', async () => {
    const added = await run(
      'user',
      'add',
      '--username',
      'kaz.newanalyst',
      '--name',
      'New Analyst',
      '--org',
      'KAZ Military Intelligence Directorate',
      '--role',
      'analyst',
      '--clearance',
      'SECRET',
      '--caveat',
      'CT',
      '--password',
      'a long enough password',
    );
    expect(added.code).toBe(0);
    const admin = await run(
      'user',
      'add',
      '--username',
      'kaz.admin2',
      '--org',
      'KAZ Joint Staff Headquarters',
      '--role',
      'node-admin',
      '--clearance',
      'RESTRICTED',
      '--password',
      'a long enough password',
    );
    expect(admin.out).toMatch(/TOTP secret/);
    const list = await run('user', 'list');
    expect(list.out).toMatch(/kaz\.newanalyst/);
    expect((await run('user', 'disable', 'kaz.newanalyst')).code).toBe(0);
    expect((await run('user', 'list', '--json')).out).toMatch(/"disabled": true/);
    const short = await run(
      'user',
      'add',
      '--username',
      'x1',
      '--org',
      'KAZ Joint Staff Headquarters',
      '--role',
      'viewer',
      '--clearance',
      'SECRET',
      '--password',
      'short',
    );
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/12 characters/);
    const missing = await run('user', 'disable', 'nobody');
    expect(missing.code).toBe(1);
  });

  it('creates tokens with the scopes given, and revokes them', async () => {
    const unscoped = await run('token', 'create', '--user', 'pak.analyst', '--name', 'siem');
    expect(unscoped.code).toBe(2);
    expect(unscoped.err).toMatch(/--scope/);
    expect((await run('token', 'create', '--user', 'pak.analyst', '--name', 'siem', '--scope', 'everything')).code).toBe(2);
    // admin only for a node administrator's account; metrics for any account, from the console.
    expect((await run('token', 'create', '--user', 'pak.analyst', '--name', 'siem', '--scope', 'admin')).code).toBe(2);
    const monitor = await run('token', 'create', '--user', 'pak.viewer', '--name', 'prometheus', '--scope', 'metrics');
    expect(monitor.code).toBe(0);
    expect(monitor.out).toMatch(/\(metrics\)/);
    const created = await run('token', 'create', '--user', 'pak.analyst', '--name', 'siem', '--scope', 'taxii,read');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/\(read, taxii\)/);
    const id = /token ([0-9a-f-]{36})/.exec(created.out)?.[1];
    expect(created.out).toMatch(/cnd_/);
    expect((await run('token', 'revoke', id!)).code).toBe(0);
    expect((await run('token', 'revoke', '00000000-0000-4000-8000-000000000000')).code).toBe(1);
  });

  it('lists and verifies the audit log, and fails verification after tampering', async () => {
    const list = await run('audit', 'list', '--limit', '100');
    expect(list.out).toMatch(/user\.add/);
    expect(list.out).toMatch(/token\.revoke/);
    const checkpointFile = path.join(dataDir, 'checkpoint.json');
    expect((await run('audit', 'checkpoint', '--out', checkpointFile)).code).toBe(0);
    const verified = await run('audit', 'verify', '--checkpoint', checkpointFile);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/intact/);
    // Tamper through the database directly, as an attacker with file access would.
    const { Database } = await import('../../src/server/db/database');
    const database = await Database.openPGlite(path.join(dataDir, 'pglite'));
    await database.db.updateTable('audit_log').set({ action: 'user.nothing-happened' }).where('action', '=', 'user.disable').execute();
    await database.close();
    const broken = await run('audit', 'verify', '--checkpoint', checkpointFile);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/altered/);
  });
});

describe('concord peer', () => {
  it('gives this node’s invite, adds a partner node from its invite and lists peers', async () => {
    const own = await run('peer', 'invite');
    expect(own.code).toBe(0);
    const ownInvite = own.out.split('\n')[1]!;
    expect(ownInvite).toMatch(/^concord-invite:/);
    expect((await run('peer', 'list')).out).toMatch(/no peers yet/);

    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
    const kaz = { nodeId: crypto.randomUUID(), nation: 'KAZ', publicKey: encodePublicKey(publicKey), privateKey } as NodeIdentity;
    const invite = await makeInvite(kaz, 'https://concord.kaz.example');
    expect((await run('peer', 'add', invite, '--accreditation', 'TOP')).code).toBe(2);
    const added = await run('peer', 'add', invite, '--accreditation', 'RESTRICTED', '--caveats', 'CT');
    expect(added.code, added.err).toBe(0);
    expect(added.out).toContain('held to RESTRICTED with CT');
    expect(added.out).toContain(`KAZ node ${kaz.nodeId} at https://concord.kaz.example`);
    expect((await run('peer', 'add', invite)).code).toBe(1);
    const ownAdded = await run('peer', 'add', ownInvite);
    expect(ownAdded.code).toBe(1);
    expect(ownAdded.err).toMatch(/own invite/);
    const listed = JSON.parse((await run('peer', 'list', '--json')).out);
    expect(listed).toEqual([
      expect.objectContaining({
        node_id: kaz.nodeId,
        nation: 'KAZ',
        public_key: kaz.publicKey,
        accreditation: 'RESTRICTED',
        caveats: ['CT'],
      }),
    ]);
    expect((await run('peer', 'frobnicate')).code).toBe(2);
  });
});

describe('concord directory', () => {
  it('builds a directory from nothing, with versioned community membership', async () => {
    expect((await run('directory', 'nation-add', 'MNG', 'Mongolia')).code).toBe(0);
    expect((await run('directory', 'nation-add', 'mongolia', 'x')).code).toBe(2);
    expect((await run('directory', 'org-add', 'MNG', 'MNG General Staff')).code).toBe(0);
    expect((await run('directory', 'org-add', 'MNG', 'MNG General Staff')).code).toBe(1);
    expect((await run('directory', 'community-add', 'STEPPE-GROUP', 'Steppe partners')).code).toBe(0);
    expect((await run('directory', 'community-join', 'STEPPE-GROUP', 'MNG')).code).toBe(0);
    expect((await run('directory', 'community-join', 'STEPPE-GROUP', 'KAZ')).code).toBe(0);
    expect((await run('directory', 'community-leave', 'STEPPE-GROUP', 'KAZ')).code).toBe(0);
    const list = JSON.parse((await run('directory', 'list', '--json')).out);
    expect(list.communities.find((c: { code: string }) => c.code === 'STEPPE-GROUP').members).toEqual(['MNG']);
    expect(
      (
        await run(
          'user',
          'add',
          '--username',
          'mng.analyst',
          '--org',
          'MNG General Staff',
          '--role',
          'analyst',
          '--clearance',
          'SECRET',
          '--password',
          'a long enough password',
        )
      ).code,
    ).toBe(0);
    expect((await run('audit', 'list', '--action', 'directory.')).out).toMatch(/directory\.community-leave community:STEPPE-GROUP/);
  });
});

describe('concord import', () => {
  it('imports a CSV file with progress, and lists the problems of a bad one', async () => {
    const file = path.join(dataDir, 'incidents.csv');
    const rows = Array.from(
      { length: 1_500 },
      (_, i) => `2026-05-0${(i % 9) + 1},exact,border-incident,illegal-crossing,Crossing ${i},,TJK,,Khorog,37.49,71.55,near,0,unknown`,
    );
    fs.writeFileSync(
      file,
      [
        'event_date,time_precision,domain,subtype,title,notes,country,admin1,location,latitude,longitude,geo_precision,killed,wounded',
        ...rows,
      ].join('\n'),
    );
    const imported = await run(
      'import',
      file,
      '--as',
      'tjk.analyst',
      '--classification',
      'RESTRICTED',
      '--tlp',
      'GREEN',
      '--rel-to',
      'KAZ',
    );
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/imported 1,000 \/ 1,500 rows/);
    expect(imported.out).toMatch(/imported 1500 incidents as drafts/);
    fs.writeFileSync(file, 'event_date,domain,subtype,title,country\nsoon,cyber,ddos,x,TJK\n');
    const bad = await run('import', file, '--as', 'tjk.analyst', '--classification', 'RESTRICTED', '--tlp', 'GREEN');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Row 2, column event_date: “soon” is not a date/);
    const dry = await run('import', file, '--as', 'tjk.analyst', '--classification', 'RESTRICTED', '--tlp', 'GREEN', '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.err).toMatch(/Row 2, column event_date: “soon” is not a date/);
    expect((await run('import', file, '--as', 'tjk.analyst', '--classification', 'TOP', '--tlp', 'GREEN')).code).toBe(2);
  });

  it('recalls a record as a releasing officer of its organisation', async () => {
    const file = path.join(dataDir, 'one.csv');
    fs.writeFileSync(
      file,
      'event_date,time_precision,domain,subtype,title,country,geo_precision\n2026-11-01,day,border-incident,illegal-crossing,Crossing to recall,PAK,country\n',
    );
    const imported = await run(
      'import',
      file,
      '--as',
      'pak.releasing-officer',
      '--classification',
      'UNCLASSIFIED',
      '--tlp',
      'GREEN',
      '--rel-to',
      'KAZ',
      '--release',
    );
    expect(imported.code, imported.err).toBe(0);
    const id = await withContext(
      { CONCORD_DATA_DIR: dataDir },
      async (ctx) =>
        (await ctx.database.db.selectFrom('incidents').select('id').where('title', '=', 'Crossing to recall').executeTakeFirstOrThrow()).id,
    );
    expect((await run('recall', id, '--as', 'pak.releasing-officer')).code).toBe(2);
    expect((await run('recall', 'not-an-id', '--as', 'pak.releasing-officer', '--reason', 'x')).code).toBe(2);
    const unknown = await run('recall', crypto.randomUUID(), '--as', 'pak.releasing-officer', '--reason', 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No incident, actor or indicator/);
    const notTheirs = await run('recall', id, '--as', 'kaz.releasing-officer', '--reason', 'Not ours');
    expect(notTheirs.code).toBe(1);
    const recalled = await run('recall', id, '--as', 'pak.releasing-officer', '--reason', 'Wrong crossing');
    expect(recalled.code, recalled.err).toBe(0);
    expect(recalled.out).toContain(`recalled incident ${id}`);
    expect(recalled.out).toMatch(/no partner node received it/);
    const again = await run('recall', id, '--as', 'pak.releasing-officer', '--reason', 'Wrong crossing');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/recalled already/);
  });
});
