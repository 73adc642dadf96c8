// A TAXII 2.1 reader for P5, run as its own process: `node bench/taxii-reader.mjs URL TOKEN PAGES`
// pages `GET …/objects/?limit=1000` from the start with `next`, parsing every page, and prints one
// JSON line: { objects, ms } (objects received, wall time from the first request to the last parse).
const [objectsUrl, token, pages] = process.argv.slice(2);
let next;
let objects = 0;
const started = performance.now();
for (let page = 0; page < Number(pages); page++) {
  const response = await fetch(`${objectsUrl}?limit=1000${next ? `&next=${next}` : ''}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/taxii+json;version=2.1' },
  });
  if (response.status !== 200) throw new Error(`${response.status} ${(await response.text()).slice(0, 200)}`);
  const body = await response.json();
  objects += body.objects.length;
  if (!body.more) break;
  next = body.next;
}
process.stdout.write(`${JSON.stringify({ objects, ms: performance.now() - started })}\n`);
