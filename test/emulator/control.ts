// The test-only control API for users in another process (the e2e harness, benchmarks). It lives
// under /__emulator/, a prefix no contract path starts with, and is never recorded or faulted.
//   POST   /__emulator/faults        a rule or an array of rules (path, or pathPattern as RegExp source)
//   DELETE /__emulator/faults        clear them
//   POST   /__emulator/options       a partial EmulatorOptions (port options are ignored)
//   GET    /__emulator/requests      the recorded requests
//   POST   /__emulator/reset         forget state, requests and faults
//   POST   /__emulator/bulk-stream   {bytes}: the next run_sse streams that much
//   POST   /__emulator/tokens        {clientId?} → {token, userId, clientId}
//   POST   /__emulator/credits       {userId, available}
//   POST   /__emulator/drafts        {sessionId, draft: "<raw JSON text>"}
//   POST   /__emulator/expire-token  {token}
//   POST   /__emulator/token-limits/reset  forget the free tokens given (anonymous-token limits start over)
//   GET    /__emulator/sessions      sessions with their state
//   GET    /__emulator/renders       render jobs (raw draft text included)
//   POST   /__emulator/renders/fast-forward  {ms}: every unfinished render that much further along

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseObject, readBodyText } from './exchange';
import { faultRuleFromJson } from './faults';
import { validateOptions } from './options';
import type { Emulator } from './server';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string') throw new Error(`${key} must be a string`);
  return v;
}

export async function handleControl(emu: Emulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname.slice('/__emulator'.length)}`;
  try {
    const text = req.method === 'POST' ? await readBodyText(req) : '';
    const parsed: unknown = text ? JSON.parse(text) : {};
    const body = parseObject(text || '{}') ?? {};
    switch (route) {
      case 'POST /faults':
        for (const rule of Array.isArray(parsed) ? parsed : [parsed]) emu.faults.add(faultRuleFromJson(rule));
        return send(res, 200, { ok: true, pending: emu.faults.pending.length });
      case 'DELETE /faults':
        emu.faults.clear();
        return send(res, 200, { ok: true });
      case 'POST /options': {
        const patch = validateOptions(body);
        delete patch.port;
        delete patch.cdnPort;
        emu.setOptions(patch);
        return send(res, 200, { ok: true, options: emu.options });
      }
      case 'GET /requests':
        return send(res, 200, { requests: emu.requests });
      case 'POST /reset':
        emu.reset();
        return send(res, 200, { ok: true });
      case 'POST /bulk-stream': {
        const bytes = body.bytes;
        if (typeof bytes !== 'number' || bytes <= 0) throw new Error('bytes must be a positive number');
        emu.queueBulkStream(bytes);
        return send(res, 200, { ok: true });
      }
      case 'POST /tokens':
        return send(res, 200, emu.issueToken(typeof body.clientId === 'string' ? body.clientId : undefined));
      case 'POST /credits': {
        const amount = body.available;
        if (typeof amount !== 'number') throw new Error('available must be a number');
        emu.setCredits(str(body, 'userId'), amount);
        return send(res, 200, { ok: true });
      }
      case 'POST /drafts':
        emu.setDraft(str(body, 'sessionId'), str(body, 'draft'));
        return send(res, 200, { ok: true });
      case 'POST /expire-token':
        emu.expireToken(str(body, 'token'));
        return send(res, 200, { ok: true });
      case 'POST /token-limits/reset':
        emu.resetTokenLimits();
        return send(res, 200, { ok: true });
      case 'GET /sessions':
        return send(res, 200, { sessions: [...emu.store.sessions.values()] });
      case 'GET /renders':
        return send(res, 200, { renders: [...emu.renders.values()] });
      case 'POST /renders/fast-forward': {
        const ms = body.ms;
        if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw new Error('ms must be a number ≥ 0');
        emu.fastForwardRenders(ms);
        return send(res, 200, { ok: true });
      }
      default:
        return send(res, 404, { error: `no control route ${route}` });
    }
  } catch (err) {
    send(res, 400, { error: (err as Error).message });
  }
}
