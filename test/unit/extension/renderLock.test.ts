import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { claimRender } from '../../../src/extension/export/renderLock';

describe('extension: render claim lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nemo-lock-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('lets exactly one of many concurrent claimers through', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimRender(dir, 'render_1')));
    assert.equal(claims.filter(Boolean).length, 1);
  });

  it('refuses a delivered render for good, and frees a released one', async () => {
    const a = await claimRender(dir, 'render_2');
    assert.ok(a);
    await a.release();
    const b = await claimRender(dir, 'render_2');
    assert.ok(b, 'released: claimable again');
    await b.markDone();
    await b.release();
    assert.equal(await claimRender(dir, 'render_2'), undefined, 'delivered: never again');
  });

  it('takes over a claim whose process is gone or that is too old, not a live one', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(path.join(dir, 'render-render_3.lock'), JSON.stringify({ pid: Number(dead), at: Date.now() }));
    assert.ok(await claimRender(dir, 'render_3'), 'owner process exited');

    await writeFile(path.join(dir, 'render-render_4.lock'), JSON.stringify({ pid: process.pid, at: Date.now() }));
    assert.equal(await claimRender(dir, 'render_4'), undefined, 'a live owner keeps it');
    const old = new Date(Date.now() - 31 * 60 * 1000);
    await utimes(path.join(dir, 'render-render_4.lock'), old, old);
    assert.ok(await claimRender(dir, 'render_4'), 'older than any download: stale');
  });
});
