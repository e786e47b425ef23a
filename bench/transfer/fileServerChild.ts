// A loopback origin serving one file at /render.mp4 (Content-Length, video/mp4), as a CDN serves a
// render output. Its own process, so serving never competes with the measured client's event loop.
//   node --import tsx fileServerChild.ts <file>
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportResult } from '../support/children';

const file = process.argv[2];
const size = statSync(file).size;
const server = createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/render.mp4') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': String(size) });
  createReadStream(file).pipe(res);
});
server.listen(0, '127.0.0.1', () => {
  reportResult({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/render.mp4` });
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
