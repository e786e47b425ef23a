// The tools' own input check and workspace paths: what a model reads when its input is wrong.
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { toolSpec } from '../../../src/tools/catalog';
import { checkInput } from '../../../src/tools/inputSchema';
import { insideWorkspace, workspaceRelative } from '../../../src/tools/workspacePaths';

const generate = toolSpec('nemo_generate_video')!.inputSchema;

describe('tools: input check', () => {
  it('accepts a valid input as it is', () => {
    const input = { prompt: 'a launch video', ratio: '9:16', durationSeconds: 30, music: true };
    assert.deepEqual(checkInput(generate, input), { ok: true, value: input });
  });

  it('names every problem at once: unknown field, wrong enum, out of range, wrong type, missing', () => {
    const r = checkInput(generate, { ratio: '4:3', durationSeconds: 0, music: 'yes', colour: 'red' });
    assert.equal(r.ok, false);
    const problems = r.ok ? [] : r.problems;
    assert.deepEqual(problems, [
      'unknown field colour (allowed: prompt, ratio, durationSeconds, music)',
      'prompt is required',
      'ratio must be one of 16:9, 9:16, 1:1',
      'durationSeconds must be between 1 and 600',
      'music must be true or false',
    ]);
  });

  it('refuses a blank prompt and a non-object input', () => {
    assert.deepEqual(checkInput(generate, { prompt: '   ' }), { ok: false, problems: ['prompt must not be empty'] });
    assert.deepEqual(checkInput(generate, ['x']), { ok: false, problems: ['the input must be a JSON object'] });
  });

  it('checks list items by index', () => {
    const upload = toolSpec('nemo_upload_media')!.inputSchema;
    assert.deepEqual(checkInput(upload, { paths: ['a.png', 3] }), { ok: false, problems: ['paths[1] must be a string'] });
    assert.deepEqual(checkInput(upload, { paths: [] }), { ok: false, problems: ['paths needs at least 1 item(s)'] });
  });
});

describe('tools: workspace paths', () => {
  let root: string;
  let ws: string;
  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'nemo-tools-'));
    ws = path.join(root, 'ws');
    await mkdir(path.join(ws, 'media'), { recursive: true });
    await writeFile(path.join(root, 'secret.png'), 'x');
    await symlink(path.join(root, 'secret.png'), path.join(ws, 'media', 'link.png'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('resolves relative paths inside the workspace, folders still to be made included', async () => {
    assert.equal(await insideWorkspace(ws, 'media/a.png'), path.join(ws, 'media', 'a.png'));
    assert.equal(await insideWorkspace(ws, 'docs/videos'), path.join(ws, 'docs', 'videos'));
    assert.equal(workspaceRelative(ws, path.join(ws, 'docs', 'v.mp4')), 'docs/v.mp4');
  });

  it('refuses .. , absolute paths outside, and symbolic links that lead out', async () => {
    for (const p of ['../secret.png', path.join(root, 'secret.png'), 'media/link.png']) {
      await assert.rejects(insideWorkspace(ws, p), (e: Error) => /outside the workspace folder/.test(e.message), p);
    }
    await assert.rejects(insideWorkspace(undefined, 'a.png'), /No workspace folder is open/);
  });
});
