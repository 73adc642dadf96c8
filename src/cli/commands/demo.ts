import { currentTotp } from '../../server/domain/auth/totp';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, loadDemoData, loadPendingDemoIncidents } from '../../server/domain/demo/demo-data';
import { UsageError, withContext } from '../cli-kit';
import type { Command } from '../cli-kit';

export const demoCommand: Command = {
  name: 'demo',
  summary: "Load the demo data (`demo load`) or print the demo administrators' current TOTP code (`demo totp`)",
  usage: 'concord demo load | concord demo totp',
  async run({ positionals, global, output }) {
    const action = positionals[0] ?? 'load';
    if (action === 'totp') {
      output.out(currentTotp(DEMO_TOTP_SECRET, new Date()));
      return 0;
    }
    if (action !== 'load') throw new UsageError(`Unknown demo action "${action}"; use load or totp.`);
    await withContext(global, async (ctx) => {
      const loaded = await loadDemoData(ctx, (line) => output.out(line));
      await loadPendingDemoIncidents(ctx, (line) => output.out(line));
      output.out(loaded ? `demo data loaded; every demo account's password is "${DEMO_PASSWORD}"` : 'demo data was already loaded');
    });
    return 0;
  },
};
