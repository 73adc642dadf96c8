import { sql } from 'kysely';
import { Database } from '../src/server/db/database';
import { benchContext } from './bench-node';
import { loadPendingDemoIncidents, demoUsername } from '../src/server/domain/demo/demo-data';
import { userRepository } from '../src/server/db/repositories/user-repository';
import { loadUserActor } from '../src/server/domain/auth/load-actor';
import { appendAuditAlone } from '../src/server/domain/audit/audit-log';
import { publishDue } from '../src/server/domain/taxii/publisher';
const database = await Database.openPGlite(null);
const ctx = await benchContext(database, 'PAK');
await loadPendingDemoIncidents(ctx);
while ((await publishDue(ctx)) > 0);
const user = await userRepository(database.db).findByUsername(demoUsername('KAZ', 'analyst'));
const actor = (await loadUserActor(database.db, user!.id, 'session'))!;
const ids = Array.from({ length: 50 }, () => crypto.randomUUID());
for (let i = 0; i < 100; i++) await Promise.all(Array.from({ length: 50 }, () => appendAuditAlone(database, ctx.clock, [{ actor, event: { action: 'incident.list', details: { ids } } }])));
for (const t of ['audit_log', 'incidents', 'incident_map_cells', 'stix_objects', 'changes', 'incident_versions', 'audit_head']) { const t0 = performance.now(); await sql`analyze ${sql.table(t)}`.execute(database.db); console.log(t, (performance.now() - t0).toFixed(0), 'ms'); }
console.log((await sql`select relname, n_live_tup from pg_stat_user_tables order by n_live_tup desc limit 6`.execute(database.db)).rows);
await database.close();
