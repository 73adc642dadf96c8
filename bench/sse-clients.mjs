// SSE clients for P6, run as their own process: `node bench/sse-clients.mjs URL TOKENS_JSON`
// opens one stream per token (keep-alive agent, no pooling limit), prints "ready" once every
// stream is open, then one JSON line per received alert event: { id, client, at } (at = Date.now()).
// Stops on SIGTERM.
import http from 'node:http';

const [baseUrl, tokensJson] = process.argv.slice(2);
const tokens = JSON.parse(tokensJson);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
let open = 0;
const requests = tokens.map((token, client) =>
  http.get(`${baseUrl}/api/stream`, { agent, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (response) => {
    response.setEncoding('utf8');
    let buffer = '';
    let counted = false;
    response.on('data', (chunk) => {
      if (!counted) {
        counted = true;
        if (++open === tokens.length) process.stdout.write('ready\n');
      }
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        const event = JSON.parse(data);
        if (event.kind === 'alert' && event.change === 'raise')
          process.stdout.write(`${JSON.stringify({ id: event.id, client, at: Date.now() })}\n`);
      }
    });
  }),
);
process.on('SIGTERM', () => {
  for (const request of requests) request.destroy();
  process.exit(0);
});
