// Load generator for P2, run as its own process so that the clients do not share the server's
// event loop: `node bench/write-load.mjs URL TOKEN CLIENTS RATE SECONDS` prints one JSON line
// { latencies: number[], errors: number, elapsed: seconds, firstError?: string }.
// node:http with a keep-alive agent (one connection per client): far lighter than fetch, so the
// generator takes as little as it can of the cores it shares with the node and the database.
import http from 'node:http';

const [baseUrl, token, clientsArg, rateArg, secondsArg] = process.argv.slice(2);
const clients = Number(clientsArg);
const ratePerSecond = Number(rateArg);
const seconds = Number(secondsArg);
const latencies = [];
let errors = 0;
let firstError;
const interval = (clients * 1000) / ratePerSecond;
const perClient = Math.round((ratePerSecond * seconds) / clients);
const body = (i) =>
  JSON.stringify({
    domain: 'border-incident',
    subtype: 'illegal-crossing',
    title: `Crossing ${i}`,
    narrative: 'Benchmark write',
    occurredAt: new Date().toISOString(),
    timePrecision: 'exact',
    place: { country: 'UZB', name: 'Termez', point: { lat: 37.22, lon: 67.28 }, precision: 'near', uncertaintyKm: 5 },
    label: { classification: 'RESTRICTED', relTo: ['KAZ'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
  });
const url = new URL(baseUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
function post(payload) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/api/incidents',
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
const started = performance.now();
await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    const clientStart = started + (client * interval) / clients;
    for (let i = 0; i < perClient; i++) {
      const due = clientStart + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const t0 = performance.now();
      const response = await post(body(client * perClient + i));
      const text = response.text;
      latencies.push(performance.now() - t0);
      if (response.status !== 201) {
        errors++;
        firstError ??= `${response.status} ${text.slice(0, 200)}`;
      }
    }
  }),
);
console.log(JSON.stringify({ latencies, errors, elapsed: (performance.now() - started) / 1000, firstError }));
