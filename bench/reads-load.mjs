// Load generator for P11, run as its own process so that the clients do not share the server's
// event loop (bench/reads.ts starts several). node:http with a keep-alive agent, one connection
// per client: far lighter than fetch. Two modes, the plan in a JSON file:
//
//   node bench/reads-load.mjs mix URL SECONDS PLAN
//     PLAN = { clients: [{ cookie, paths: [{ kind, path }] }] }: each client asks its paths in
//     turn, one request at a time, for SECONDS. Prints { byKind: { kind: ms[] }, statuses,
//     errors, firstError?, elapsed }.
//
//   node bench/reads-load.mjs exports URL PLAN
//     PLAN = { exports: [{ cookie, path }], probe: '/healthz', everyMs }: starts every export at
//     once and reads each answer whole; meanwhile asks the probe path one request at a time every
//     `everyMs` until the last export has ended. Prints { exports: [{ status, ms, bytes,
//     retryAfter }], probe: ms[], elapsed }.
import fs from 'node:fs';
import http from 'node:http';

const [mode, baseUrl, ...rest] = process.argv.slice(2);
const url = new URL(baseUrl);

function get(agent, path, cookie) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const request = http.request(
      { agent, host: url.hostname, port: url.port, path, method: 'GET', headers: cookie ? { cookie } : {} },
      (response) => {
        let bytes = 0;
        let head = '';
        response.on('data', (chunk) => {
          bytes += chunk.length;
          if (head.length < 300) head += chunk.toString().slice(0, 300);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode, ms: performance.now() - t0, bytes, head, retryAfter: response.headers['retry-after'] }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (mode === 'mix') {
  const [secondsArg, planFile] = rest;
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.clients.length });
  const byKind = {};
  const statuses = {};
  let errors = 0;
  let firstError;
  const started = performance.now();
  const until = started + Number(secondsArg) * 1000;
  await Promise.all(
    plan.clients.map(async (client) => {
      for (let i = 0; performance.now() < until; i++) {
        const { kind, path } = client.paths[i % client.paths.length];
        try {
          const answer = await get(agent, path, client.cookie);
          (byKind[kind] ??= []).push(answer.ms);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          if (answer.status !== 200) {
            errors++;
            firstError ??= `${kind} ${path}: ${answer.status} ${answer.head.slice(0, 200)}`;
          }
        } catch (error) {
          errors++;
          firstError ??= `${kind} ${path}: ${error.message}`;
        }
      }
    }),
  );
  console.log(JSON.stringify({ byKind, statuses, errors, firstError, elapsed: (performance.now() - started) / 1000 }));
} else if (mode === 'exports') {
  const [planFile] = rest;
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.exports.length + 1 });
  const started = performance.now();
  let running = true;
  const probe = [];
  const probing = (async () => {
    while (running) {
      const tick = performance.now();
      const answer = await get(agent, plan.probe);
      probe.push(answer.ms);
      const wait = plan.everyMs - (performance.now() - tick);
      if (wait > 0) await sleep(wait);
    }
  })();
  const exports = await Promise.all(
    plan.exports.map(async ({ cookie, path }) => {
      const answer = await get(agent, path, cookie);
      return { status: answer.status, ms: answer.ms, bytes: answer.bytes, retryAfter: answer.retryAfter ?? null };
    }),
  );
  running = false;
  await probing;
  console.log(JSON.stringify({ exports, probe, elapsed: (performance.now() - started) / 1000 }));
} else {
  console.error('usage: reads-load.mjs mix URL SECONDS PLAN | exports URL PLAN');
  process.exit(2);
}
