// A deliberately small HTTP helper for the emulator's own tests: undici request() over real
// sockets, the headers a well-behaved client sends, and a plain SSE frame splitter (the client's
// parser is tested elsewhere; this one only has to read what the emulator writes).

import { request } from 'undici';
import type { Emulator } from './server';

export const ATTRIBUTION = { 'x-skill-source': 'ai-free-generator', 'x-skill-version': '0.0.0-test', 'x-skill-platform': 'cli' };

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown> & { code?: number; data?: Record<string, unknown> };
}

export interface CallOptions {
  token?: string;
  clientId?: string;
  body?: unknown;
  bodyText?: string;
  headers?: Record<string, string>;
  accept?: string;
}

export async function call(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...ATTRIBUTION, ...(o.headers ?? {}) };
  if (o.clientId) headers['x-client-id'] = o.clientId;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.accept) headers.accept = o.accept;
  const payload = o.bodyText ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const res = await request(`${base}${path}`, { method, headers, body: payload });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** A signed-in test user with a session. */
export async function signIn(emu: Emulator, clientId = `cid-${Math.random().toString(16).slice(2)}`): Promise<{ token: string; clientId: string; userId: string; sessionId: string }> {
  const t = (await call(emu.url, 'POST', '/api/auth/anonymous-token', { clientId })).json().data as { token: string; user_id: string };
  const s = await call(emu.url, 'POST', '/api/tasks/me/with-session/nemo_agent', { token: t.token, clientId, body: { task_name: 'project', language: 'en' } });
  return { token: t.token, clientId, userId: t.user_id, sessionId: (s.json().data as { session_id: string }).session_id };
}

export function turnBody(sessionId: string, text: string): unknown {
  return { app_name: 'nemo_agent', user_id: 'me', session_id: sessionId, new_message: { parts: [{ text }] } };
}

export interface Frames {
  data: unknown[]; // parsed non-empty data payloads
  comments: number;
  emptyData: number;
}

export function frames(body: string): Frames {
  const out: Frames = { data: [], comments: 0, emptyData: 0 };
  for (const block of body.split('\n\n')) {
    const lines = block.split('\n').filter(Boolean);
    if (lines.length === 0) continue;
    out.comments += lines.filter((l) => l.startsWith(':')).length;
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
    if (data.length === 0) continue;
    const joined = data.join('\n');
    if (joined === '') out.emptyData += 1;
    else out.data.push(JSON.parse(joined));
  }
  return out;
}
