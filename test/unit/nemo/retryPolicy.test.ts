import assert from 'node:assert/strict';
import { NemoError, type NemoErrorInit, type NemoErrorKind } from '../../../src/nemo/errors';
import { RetryState, backoffMs, decideRetry, parseRetryAfter } from '../../../src/nemo/retryPolicy';

const err = (kind: NemoErrorKind, init: NemoErrorInit = {}) => new NemoError(kind, kind, init);
const half = () => 0.5;

describe('retryPolicy: the one written retry policy', () => {
  it('parses Retry-After as seconds or an HTTP date, read up to a day', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter(['2'], now), 2000);
    assert.equal(parseRetryAfter('3600', now), 3_600_000);
    assert.equal(parseRetryAfter('99999999999', now), 86_400_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:12 GMT', now), 12_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('retries idempotent reads twice on transient failures, with growing jittered backoff', () => {
    for (const e of [err('connection'), err('timeout'), err('server', { status: 503 }), err('http', { status: 408 }), err('protocol')]) {
      const s = new RetryState(true);
      const first = decideRetry(e, s, half);
      const second = decideRetry(e, s, half);
      assert.deepEqual([first, second], [{ retry: true, delayMs: 750 }, { retry: true, delayMs: 1500 }]);
      assert.deepEqual(decideRetry(e, s, half), { retry: false });
    }
    assert.ok(backoffMs(0, () => 0) >= 500 && backoffMs(0, () => 0.999) <= 1000);
  });

  it('follows Retry-After on a read, else backs off', () => {
    const s = new RetryState(true);
    assert.deepEqual(decideRetry(err('rate-limited', { status: 429, retryAfterMs: 60_000, didNothing: true }), s, half), { retry: true, delayMs: 60_000 });
  });

  it('does not wait for a Retry-After over 60 s, on a read or a message', () => {
    for (const idempotent of [true, false]) {
      assert.deepEqual(decideRetry(err('rate-limited', { status: 429, retryAfterMs: 61_000, didNothing: true }), new RetryState(idempotent), half), { retry: false });
    }
  });

  it('never resends a non-idempotent request that may have run', () => {
    for (const e of [err('connection'), err('timeout'), err('server', { status: 500 }), err('stream')]) {
      assert.deepEqual(decideRetry(e, new RetryState(false), half), { retry: false });
    }
  });

  it('429 on a non-idempotent request: waits Retry-After or 30 s, once', () => {
    const s = new RetryState(false);
    assert.deepEqual(decideRetry(err('rate-limited', { status: 429, didNothing: true }), s), { retry: true, delayMs: 30_000, recovery: 'rate-limit-wait' });
    assert.deepEqual(decideRetry(err('rate-limited', { status: 429, didNothing: true }), s), { retry: false });
    const t = new RetryState(false);
    assert.deepEqual(decideRetry(err('rate-limited', { status: 429, retryAfterMs: 4000, didNothing: true }), t), { retry: true, delayMs: 4000, recovery: 'rate-limit-wait' });
  });

  it('1001 and a missing client id are each fixed and retried once, only when the server did nothing', () => {
    const s = new RetryState(false);
    assert.deepEqual(decideRetry(err('auth', { code: 1001, didNothing: true }), s), { retry: true, delayMs: 0, recovery: 'refresh-token' });
    assert.deepEqual(decideRetry(err('missing-client-id', { status: 400, didNothing: true }), s), { retry: true, delayMs: 0, recovery: 'new-client-id' });
    assert.deepEqual(decideRetry(err('auth', { code: 1001, didNothing: true }), s), { retry: false });
    assert.deepEqual(decideRetry(err('missing-client-id', { status: 400, didNothing: true }), s), { retry: false });
  });

  it('never retries what the user must act on, or a cancellation', () => {
    for (const kind of ['session-lost', 'out-of-credits', 'unsupported-file', 'file-too-large', 'export-blocked', 'aborted'] as const) {
      assert.deepEqual(decideRetry(err(kind, { didNothing: true }), new RetryState(true)), { retry: false }, kind);
    }
  });
});
