import { runMain } from '../../server/main';
import { globalOverrides } from '../cli-kit';
import type { Command } from '../cli-kit';

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the node (HTTP API and web app)',
  usage: 'concord start [--port N] [--host ADDR] [--data-dir DIR] [--database-url URL] [--nation XXX] [--demo | --no-demo]',
  options: { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' }, 'no-demo': { type: 'boolean' } },
  async run({ values, global }) {
    const overrides = { ...global, ...globalOverrides(values) };
    if (typeof values.port === 'string') overrides.PORT = values.port;
    if (typeof values.host === 'string') overrides.HOST = values.host;
    if (values.demo) overrides.CONCORD_DEMO = '1';
    if (values['no-demo']) overrides.CONCORD_DEMO = '0';
    await runMain(overrides);
    // The node keeps running until SIGINT/SIGTERM; runMain exits the process then.
    await new Promise(() => {});
    return 0;
  },
};
