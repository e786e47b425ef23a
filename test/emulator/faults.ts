// Scripted faults: tests queue rules; each request takes the first rule that matches it (and uses
// up one of its `times`). What a fault does depends on where it bites: some answer before the
// handler runs (envelope, status, reset, slow headers), the others travel with the request to the
// writer that sends the body (stream resets, silent streams, truncated or cut bodies, failed renders).

export type FaultAction =
  /** An error envelope `{code,message,data:null}` with any contract code and HTTP status. */
  | { kind: 'envelope'; code: number; status?: number; message?: string }
  /**
   * A bare HTTP status with a JSON, empty or HTML body (429 may carry Retry-After seconds). The JSON
   * is `json` when given (the agent server's own `{"detail":"Session not found"}`, say), or `text`
   * sent as is (JSON nested deeper than JSON.stringify can write), else `{"error":"HTTP <status>"}`.
   */
  | { kind: 'status'; status: number; body?: 'json' | 'empty' | 'html'; json?: Record<string, unknown>; text?: string; retryAfter?: number }
  /** Destroy the connection before answering. */
  | { kind: 'reset' }
  /** Wait before sending headers, then answer normally. */
  | { kind: 'slowHeaders'; ms: number }
  /** SSE: destroy the connection after N events were sent. */
  | { kind: 'resetStream'; afterEvents: number }
  /** Any body (JSON, download, CDN file): destroy the connection after N body bytes. */
  | { kind: 'resetBody'; afterBytes: number }
  /** SSE: send only `:` keep-alive comments (or, with `heartbeats`, heartbeat events) for `ms`, then continue the turn or close. */
  | { kind: 'silentStream'; ms: number; then?: 'continue' | 'close'; heartbeats?: boolean }
  /** SSE: after N events the agent fails: an error event (in the stream's shape), then the stream closes and the turn stops there. */
  | { kind: 'streamError'; afterEvents: number; message?: string }
  /** Any body: announce Content-Length larger than what is sent, send the body, close. */
  | { kind: 'truncate'; missingBytes?: number }
  /** Render submit: the job is accepted and later ends `failed` with this error. */
  | { kind: 'renderFail'; error?: string };

export interface FaultRule {
  method?: string; // any when absent
  path: string | RegExp; // string: exact pathname (query ignored); RegExp: tested on the pathname
  origin?: 'api' | 'cdn'; // default 'api'
  times?: number; // default 1
  fault: FaultAction;
}

interface LiveRule extends FaultRule {
  remaining: number;
}

export class FaultScript {
  private rules: LiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules not used up yet (for inspection). */
  get pending(): readonly FaultRule[] {
    return this.rules;
  }

  /** Takes the first matching rule for this request, or undefined. */
  take(origin: 'api' | 'cdn', method: string, pathname: string): FaultAction | undefined {
    const index = this.rules.findIndex(
      (r) =>
        (r.origin ?? 'api') === origin &&
        (r.method === undefined || r.method.toUpperCase() === method.toUpperCase()) &&
        (typeof r.path === 'string' ? r.path === pathname : r.path.test(pathname)),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index];
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(index, 1);
    return rule.fault;
  }
}

const KINDS = ['envelope', 'status', 'reset', 'slowHeaders', 'resetStream', 'streamError', 'resetBody', 'silentStream', 'truncate', 'renderFail'];

/**
 * A rule as JSON from the control endpoint: `path` is an exact pathname, `pathPattern` a RegExp source.
 * Only the shape is checked here; values a fault does not use are ignored.
 */
export function faultRuleFromJson(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null) throw new Error('a fault rule must be an object');
  const r = input as Record<string, unknown>;
  const fault = r.fault as Record<string, unknown> | undefined;
  if (typeof fault !== 'object' || fault === null || typeof fault.kind !== 'string' || !KINDS.includes(fault.kind)) {
    throw new Error(`fault.kind must be one of ${KINDS.join(', ')}`);
  }
  let path: string | RegExp;
  if (typeof r.path === 'string') path = r.path;
  else if (typeof r.pathPattern === 'string') path = new RegExp(r.pathPattern);
  else throw new Error('a fault rule needs path or pathPattern');
  if (r.origin !== undefined && r.origin !== 'api' && r.origin !== 'cdn') throw new Error('origin must be api or cdn');
  if (r.times !== undefined && (typeof r.times !== 'number' || r.times < 1)) throw new Error('times must be ≥ 1');
  if (r.method !== undefined && typeof r.method !== 'string') throw new Error('method must be a string');
  return {
    path,
    method: r.method as string | undefined,
    origin: r.origin as 'api' | 'cdn' | undefined,
    times: r.times as number | undefined,
    fault: fault as unknown as FaultAction,
  };
}
