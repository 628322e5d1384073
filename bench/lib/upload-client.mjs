// A resumable-upload client in a process of its own (as a browser is): sends the file at argv[2]
// to the Space upload API at argv[3] (base URL) for the site argv[4] (Host) with the cookie
// argv[5], in chunks of argv[6] bytes, argv[7] of them in flight at once (1), and prints {"ms": …} — the time from the first request to
// the completed file. With argv[8] = "bare", every chunk is PUT to argv[3] itself and nothing else is
// asked (the bare HTTP receiver the benchmark compares the API with).
import { open } from 'node:fs/promises';
import { request } from 'node:http';

const [file, base, host, cookie, chunkArg, inFlightArg, mode] = process.argv.slice(2);
const bare = mode === 'bare';
const chunk = Number(chunkArg);
const inFlight = Number(inFlightArg ?? 1);

function send(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${url}`, { method, headers: { ...headers, host, cookie, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const parts = [];
      res.on('data', (part) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(parts).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const handle = await open(file, 'r');
const { size } = await handle.stat();
const started = performance.now();
let id = '';
if (!bare) {
  const created = await send('POST', '/api/space/uploads', { 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ fileName: 'upload.bin', totalBytes: size })));
  if (created.status !== 201) throw new Error(`start: ${created.status} ${created.text}`);
  id = JSON.parse(created.text).id;
}
// As the web app does: the next chunk is on its way while the server stores the last one.
let next = 0;
async function sender() {
  const buffer = Buffer.alloc(Math.min(chunk, size));
  while (next < size) {
    const at = next;
    const length = Math.min(chunk, size - at);
    next += length;
    await handle.read(buffer, 0, length, at);
    const res = await send('PUT', bare ? '' : `/api/space/uploads/${id}`, { 'content-type': 'application/octet-stream', 'content-range': `bytes ${at}-${at + length - 1}/${size}` }, buffer.subarray(0, length));
    if (res.status !== 200) throw new Error(`chunk at ${at}: ${res.status} ${res.text}`);
  }
}
await Promise.all(Array.from({ length: inFlight }, sender));
if (!bare) {
  const done = await send('POST', `/api/space/uploads/${id}/complete`, {});
  if (done.status !== 201) throw new Error(`complete: ${done.status} ${done.text}`);
}
await handle.close();
console.log(JSON.stringify({ ms: performance.now() - started }));
