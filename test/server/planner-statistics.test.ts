import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerStatisticsRepository } from '../../src/server/db/repositories/planner-statistics-repository';
import { analyzeChangedTables } from '../../src/server/jobs/planner-statistics-job';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

/**
 * Planner statistics: a table filled since its last ANALYZE is analyzed by the job the embedded
 * database runs (it has no autovacuum), so queries are planned for the table as it is.
 */
let node: TestNode;
beforeAll(async () => {
  node = await startTestNode();
});
afterAll(() => node.close());

describe('planner statistics', () => {
  it('are gathered for a table an import filled', async () => {
    const statistics = plannerStatisticsRepository(node.ctx.database.db);
    const releaser = await makeUser(node.ctx, { nation: 'PAK', org: await makeOrg(node.ctx, 'PAK'), roles: ['releasing-officer'] });
    const csv = [
      'event_date,time_precision,domain,subtype,title,country,geo_precision',
      ...Array.from({ length: 400 }, (_, i) => `2026-11-01,day,border-incident,illegal-crossing,Crossing ${i},PAK,country`),
    ].join('\n');
    const imported = await node.app.http.inject({
      method: 'POST',
      url: '/api/incidents/import',
      headers: bearer(await makeToken(node.ctx, releaser)),
      payload: { csv, label: label() },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    // PostgreSQL counts changes a little after they commit; the embedded database at once.
    await expect
      .poll(
        async () => {
          await analyzeChangedTables(node.ctx);
          return statistics.estimatedRows('incidents');
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBeGreaterThanOrEqual(400);
  });
});
