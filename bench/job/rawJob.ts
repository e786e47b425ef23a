// The reference for the whole-job benchmark: the least a client can do to go from a prompt to an
// MP4 on disk, with plain undici request() calls and nothing else (no retries, no validation, no
// session store, no progress line). The same requests in the same order as `nemo generate --export`
// makes them (the benchmark checks that against the emulator's request log), and the same
// durability for the file: written beside the target, fsynced, renamed. Bundled to plain JS before
// it runs, so no TypeScript loader sits in its start-up.
//   node rawJob.cjs <apiBase> <outDir> <pollIntervalMs> <prompt>
//   node rawJob.cjs --noop          (loads undici and exits: the start-up reference)
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

const ATTRIBUTION = { 'x-skill-source': 'ai-free-generator', 'x-skill-version': '0.0.0-raw', 'x-skill-platform': 'cli' };

type Json = Record<string, unknown>;

async function main(): Promise<void> {
  if (process.argv[2] === '--noop') return;
  const [api, outDir, intervalText, prompt] = process.argv.slice(2);
  const clientId = randomUUID();
  const headers: Record<string, string> = { ...ATTRIBUTION, 'x-client-id': clientId, 'content-type': 'application/json' };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Json> => {
    const res = await request(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = (await res.body.json()) as Json;
    if (res.statusCode !== 200) throw new Error(`${method} ${path}: HTTP ${res.statusCode}`);
    return (answer.data ?? answer) as Json;
  };

  const token = await call('POST', '/api/auth/anonymous-token', { client_id: clientId });
  headers.authorization = `Bearer ${String(token.token)}`;
  const session = await call('POST', '/api/tasks/me/with-session/nemo_agent', { task_name: 'project', language: 'en' });
  const sessionId = String(session.session_id);
  const statePath = `/api/state/nemo_agent/me/${sessionId}/latest`;
  await call('GET', statePath);
  await call('GET', '/api/credits/balance/simple');
  const turn = await request(`${api}/run_sse`, {
    method: 'POST',
    headers: { ...headers, accept: 'text/event-stream' },
    body: JSON.stringify({ app_name: 'nemo_agent', user_id: 'me', session_id: sessionId, new_message: { parts: [{ text: prompt }] } }),
  });
  await turn.body.dump({ limit: Infinity });
  await call('GET', statePath);
  await call('GET', '/api/credits/balance/simple');
  const state = await call('GET', statePath);
  const draft = (state.state as Json).draft;
  const id = `render_${Date.now()}`;
  await call('POST', '/api/render/proxy/lambda', { id, sessionId, draft, output: { format: 'mp4', quality: 'high' } });
  let url: string | undefined;
  while (url === undefined) {
    await sleep(Number(intervalText));
    const poll = await call('GET', `/api/render/proxy/lambda/${id}`);
    if (poll.status === 'completed') url = String(poll.outputUrl);
    else if (poll.status === 'failed') throw new Error('render failed');
  }
  const dest = join(outDir, 'raw.mp4');
  const tmp = `${dest}.part`;
  const res = await request(url);
  const file = await open(tmp, 'w');
  await pipeline(res.body, createWriteStream(tmp, { fd: file, flush: true }));
  await rename(tmp, dest);
  process.stdout.write(`RESULT ${JSON.stringify({ file: dest })}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
