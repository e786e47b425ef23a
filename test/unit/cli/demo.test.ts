// `npm run demo` as a test: the demo's own main function, against an emulator the test can inspect,
// writing into a temp project folder instead of the repository's ./videos.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { version } from '../../../package.json';
import { runDemo } from '../../../scripts/demo';
import { startEmulator, type Emulator } from '../../emulator';
import { probeVideo } from './mp4Probe';
import { buildCli } from './nemoProcess';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (s: string) => (text += s));
  return { stream, text: () => text };
}

describe('npm run demo', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let project: string;

  before(async () => {
    await buildCli();
    emu = await startEmulator({ renderMs: 500, turnDelayMs: 2 });
    project = await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-demo-test-'));
  });
  after(async () => {
    await emu?.close();
    await fs.rm(project, { recursive: true, force: true });
  });

  it('connects, streams the reply and the timeline, exports with the real CLI and leaves a 1080p H.264 MP4 in ./videos', async () => {
    const out = collect();
    const err = collect();
    const result = await runDemo({ cwd: project, emulator: emu, stdout: out.stream, stderr: err.stream });

    assert.equal(path.dirname(result.file), path.join(await fs.realpath(project), 'videos'));
    assert.equal((await fs.stat(result.file)).size, result.bytes);
    const printed = out.text();
    assert.match(printed, /Local Nemo emulator running at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(printed, /titled 'Tick'/, 'the streamed reply');
    assert.match(printed, /Timeline \(3 tracks\): 1\. Video: .* 2\. BGM: .* 3\. Title: "Tick" \(0-3s\)/);
    assert.ok(printed.includes(`Your video is ready: ${result.file}`), printed);

    const facts = await probeVideo(result.file);
    assert.equal(facts.codec, 'h264');
    assert.deepEqual([facts.width, facts.height], [1920, 1080]);
    const [session] = emu.store.sessions.values();
    const draft = JSON.parse(session.draftJson ?? 'null') as { d: number };
    assert.equal(draft.d, 10_000, 'the 10-second prompt made a 10-second draft');
    assert.ok(Math.abs(facts.durationSeconds - draft.d / 1000) <= 0.2, `${facts.durationSeconds} s vs ${draft.d} ms`);

    const api = emu.requests.filter((q) => q.origin === 'api');
    assert.ok(api.some((r) => r.path === '/run_sse') && api.some((r) => r.path === '/api/render/proxy/lambda'));
    for (const r of api) {
      assert.equal(r.headers['x-skill-platform'], 'cli', r.path);
      assert.equal(r.headers['x-skill-source'], 'ai-free-generator', r.path);
      assert.equal(r.headers['x-skill-version'], version, r.path);
    }
    const cdn = emu.requests.filter((q) => q.origin === 'cdn');
    assert.ok(cdn.length > 0);
    for (const r of cdn) assert.equal(r.headers.authorization, undefined);
  });
});
