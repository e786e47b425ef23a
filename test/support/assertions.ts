import assert from 'node:assert/strict';
import { isNemoError, type NemoError } from '../../src/nemo/errors';

/** Awaits a promise that must reject with a NemoError, and returns it for further assertions. */
export async function nemoFailure(p: Promise<unknown>): Promise<NemoError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isNemoError(e), `expected a NemoError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}
