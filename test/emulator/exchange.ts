// One request/response pair and the writers every handler answers through. The writers are where
// body-level faults bite (a body cut after N bytes, a Content-Length larger than the body), so no
// handler has to know about them.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultAction } from './faults';

export const CODE_MESSAGES: Record<number, string> = {
  1001: 'token expired or invalid',
  1002: 'session not found',
  2001: 'insufficient credits',
  4001: 'unsupported file type',
  4002: 'file too large',
};

/** The HTTP status the emulator pairs with each envelope code when no fault chooses one. */
const CODE_STATUS: Record<number, number> = { 1001: 401, 1002: 404, 2001: 200, 4001: 400, 4002: 413 };

export class Exchange {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    /** The fault this request drew, still to be applied by a writer (body faults, stream faults). */
    readonly fault: FaultAction | undefined,
    readonly requestId: string,
  ) {
    res.setHeader('X-Request-Id', requestId);
  }

  get path(): string {
    return this.url.pathname;
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /** Sends a JSON value (or JSON text made elsewhere, kept byte-for-byte). */
  json(status: number, body: unknown, rawText?: string): void {
    const text = rawText ?? JSON.stringify(body);
    this.bytes(status, { 'Content-Type': 'application/json; charset=utf-8' }, Buffer.from(text, 'utf8'));
  }

  ok(data: unknown): void {
    this.json(200, { code: 0, message: 'ok', data });
  }

  codeError(code: number, status = CODE_STATUS[code] ?? 200, message = CODE_MESSAGES[code] ?? 'error'): void {
    this.json(status, { code, message, data: null });
  }

  /** The render endpoints' envelope. */
  renderOk(data: unknown, status = 200): void {
    this.json(status, { success: true, data, error: null });
  }

  renderError(status: number, error: string): void {
    this.json(status, { success: false, data: null, error });
  }

  bytes(status: number, headers: Record<string, string>, body: Buffer): void {
    const fault = this.fault;
    const announced = fault?.kind === 'truncate' ? body.length + (fault.missingBytes ?? Math.max(16, body.length)) : body.length;
    this.res.writeHead(status, { ...headers, 'Content-Length': String(announced) });
    if (fault?.kind === 'resetBody') {
      this.res.write(body.subarray(0, fault.afterBytes), () => this.destroy());
    } else if (fault?.kind === 'truncate') {
      this.res.write(body, () => this.destroy());
    } else {
      this.res.end(body);
    }
  }

  /** Streams a file body of known size, applying the body faults; never buffers it whole. */
  stream(status: number, headers: Record<string, string>, source: Readable, size: number): void {
    const fault = this.fault;
    const announced = fault?.kind === 'truncate' ? size + (fault.missingBytes ?? 1024) : size;
    this.res.writeHead(status, { ...headers, 'Content-Length': String(announced) });
    let sent = 0;
    const limit = fault?.kind === 'resetBody' ? fault.afterBytes : Infinity;
    source.on('data', (chunk: Buffer) => {
      const room = limit - sent;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      sent += part.length;
      const more = this.res.write(part);
      if (sent >= limit) {
        source.destroy();
        this.res.write(Buffer.alloc(0), () => this.destroy());
      } else if (!more) {
        source.pause();
        this.res.once('drain', () => source.resume());
      }
    });
    source.on('end', () => {
      if (fault?.kind === 'truncate') this.res.write(Buffer.alloc(0), () => this.destroy());
      else this.res.end();
    });
    source.on('error', () => this.destroy());
    this.res.on('close', () => source.destroy());
  }

  /** Drops the connection without a proper end (a reset, as the client sees it). */
  destroy(): void {
    this.res.socket?.destroy();
    this.res.destroy();
  }
}

/** Reads a whole (small, JSON) request body as UTF-8 text, decoding once so multi-byte characters stay intact. */
export async function readBodyText(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON object body, or undefined when it is not one. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const HTML_ERROR = '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';

/**
 * Applies a fault that bites before any handler (a delay, a reset, an error answer); returns true
 * when that answered the request. Body and stream faults travel on with the exchange instead.
 */
export async function applyEarlyFault(ex: Exchange): Promise<boolean> {
  const fault = ex.fault;
  switch (fault?.kind) {
    case 'slowHeaders':
      await sleep(fault.ms);
      return false;
    case 'reset':
      ex.destroy();
      return true;
    case 'envelope':
      ex.codeError(fault.code, fault.status ?? 200, fault.message);
      return true;
    case 'status': {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
      const kind = fault.body ?? 'json';
      if (kind === 'empty') ex.bytes(fault.status, headers, Buffer.alloc(0));
      else if (kind === 'html') ex.bytes(fault.status, { ...headers, 'Content-Type': 'text/html' }, Buffer.from(HTML_ERROR));
      else ex.bytes(fault.status, { ...headers, 'Content-Type': 'application/json' }, Buffer.from(fault.text ?? JSON.stringify(fault.json ?? { error: `HTTP ${fault.status}` })));
      return true;
    }
    default:
      return false;
  }
}
