// The emulator's fault catalogue (test/emulator/README.md) walked through the real `nemo` process:
// each fault kind on the request where it matters. Every case holds the same promises: the exit
// code the CLI documents, the cause said in words, no stack trace, the token in no output, no
// message or render submit sent more often than the contract allows, and no `.part` file or half
// video under a final name.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { mp4Incomplete } from '../../src/nemo/mp4Boxes';
import type { FaultRule } from '../emulator/faults';
import { hard } from './ledger';
import { cliWorld, partFiles, type CliWorld } from './world';

const GENERATE = 'make a 5-second video of a lighthouse';
const RUN_SSE = '/run_sse';
const RENDER = '/api/render/proxy/lambda';
const STATE = /^\/api\/state\//;
const POLL = /^\/api\/render\/proxy\/lambda\/[^/]+$/;
const MEDIA = /^\/o\//;
/** The API's own download, the fallback when the CDN fails. */
const DOWNLOAD = /\/download$/;

interface FaultCase {
  title: string;
  /** A generated timeline exists before the faulted run. */
  generated: boolean;
  faults: FaultRule[];
  args: string[];
  code: 0 | 1 | 2;
  words: RegExp;
  /** The most `run_sse` / render submits the faulted run may send. */
  messages?: number;
  renders?: number;
  /** The words' byte counts ("after N of M bytes") differ by this much. */
  cutShortBy?: number;
  /** What the videos folder holds afterwards. */
  video?: 'whole' | 'none';
}

const CASES: FaultCase[] = [
  {
    title: 'run_sse reset mid-stream: the state is read, the message is not resent',
    generated: true,
    faults: [{ method: 'POST', path: RUN_SSE, fault: { kind: 'resetStream', afterEvents: 2 } }],
    args: ['chat', 'make the title bigger'],
    code: 0,
    words: /stream broke\. The message is not sent again/,
    messages: 1,
  },
  {
    title: 'run_sse error event: the agent\'s failure is said, the message is not resent',
    generated: true,
    faults: [{ method: 'POST', path: RUN_SSE, fault: { kind: 'streamError', afterEvents: 2, message: 'model overloaded' } }],
    args: ['chat', 'make the title bigger'],
    code: 1,
    words: /model overloaded/,
    messages: 1,
  },
  {
    title: 'run_sse answered 500: "may still be running", never resent',
    generated: true,
    faults: [{ method: 'POST', path: RUN_SSE, fault: { kind: 'status', status: 500 } }],
    args: ['chat', 'make the title bigger'],
    code: 0,
    words: /server error \(HTTP 500\)\. The message is not sent again/,
    messages: 1,
  },
  {
    title: 'run_sse connection reset before any answer: never resent',
    generated: true,
    faults: [{ method: 'POST', path: RUN_SSE, fault: { kind: 'reset' } }],
    args: ['chat', 'make the title bigger'],
    code: 0,
    words: /may still be running\. Check the timeline/,
    messages: 1,
  },
  {
    title: 'run_sse refused for credits (2001): said, not resent',
    generated: true,
    faults: [{ method: 'POST', path: RUN_SSE, fault: { kind: 'envelope', code: 2001 } }],
    args: ['chat', 'make the title bigger'],
    code: 1,
    words: /credits/i,
    messages: 1,
  },
  {
    title: 'run_sse refused for the token (1001): one new token, the message sent once more',
    generated: true,
    faults: [{ method: 'POST', path: RUN_SSE, fault: { kind: 'envelope', code: 1001, status: 401 } }],
    args: ['chat', 'make the title bigger'],
    code: 0,
    words: /title/i,
    messages: 2,
  },
  {
    title: 'the session gone (1002) on the state: said in words',
    generated: true,
    faults: [{ method: 'GET', path: STATE, times: 3, fault: { kind: 'envelope', code: 1002 } }],
    args: ['status'],
    code: 1,
    words: /session/i,
  },
  {
    title: 'a 401 on credits, again after a new token: said as a sign-in problem',
    generated: false,
    faults: [{ method: 'GET', path: /credits/, times: 5, fault: { kind: 'status', status: 401 } }],
    args: ['credits'],
    code: 1,
    words: /token|sign/i,
  },
  {
    title: 'an HTML 502 page on the state, three times: a server error in words, not the page',
    generated: true,
    faults: [{ method: 'GET', path: STATE, times: 3, fault: { kind: 'status', status: 502, body: 'html', retryAfter: 0 } }],
    args: ['status'],
    code: 1,
    words: /the Nemo service had a problem \(HTTP 502\)/,
  },
  {
    title: 'slow headers on the state: waited for, the timeline shown',
    generated: true,
    faults: [{ method: 'GET', path: STATE, fault: { kind: 'slowHeaders', ms: 300 } }],
    args: ['status'],
    code: 0,
    words: /lighthouse|track|video/i,
  },
  {
    title: 'the state body cut after 20 bytes once: read again, the timeline shown',
    generated: true,
    faults: [{ method: 'GET', path: STATE, fault: { kind: 'resetBody', afterBytes: 20 } }],
    args: ['status'],
    code: 0,
    words: /lighthouse|track|video/i,
  },
  {
    title: 'a render submit answered 500: not resent, nothing saved',
    generated: true,
    faults: [{ method: 'POST', path: RENDER, fault: { kind: 'status', status: 500 } }],
    args: ['export'],
    code: 1,
    words: /HTTP 500/,
    renders: 1,
    video: 'none',
  },
  {
    title: 'a render submit whose connection is reset: not resent, nothing saved',
    generated: true,
    faults: [{ method: 'POST', path: RENDER, fault: { kind: 'reset' } }],
    args: ['export'],
    code: 1,
    words: /answer to the export request was lost: the render may be running/,
    renders: 1,
    video: 'none',
  },
  {
    title: 'a render that fails on the service: its error said, nothing saved',
    generated: true,
    faults: [{ method: 'POST', path: RENDER, fault: { kind: 'renderFail', error: 'codec exploded' } }],
    args: ['export'],
    code: 1,
    words: /codec exploded/,
    renders: 1,
    video: 'none',
  },
  {
    title: 'a burst of 503s on the render poll: polled through, one render, the whole video',
    generated: true,
    faults: [{ method: 'GET', path: POLL, times: 2, fault: { kind: 'status', status: 503, retryAfter: 0 } }],
    args: ['export'],
    code: 0,
    words: /\.mp4/,
    renders: 1,
    video: 'whole',
  },
  {
    title: 'the CDN download cut once after 1000 bytes: fetched again, the whole video',
    generated: true,
    faults: [{ origin: 'cdn', path: MEDIA, fault: { kind: 'resetBody', afterBytes: 1000 } }],
    args: ['export'],
    code: 0,
    words: /Saved .*\.mp4/,
    renders: 1,
    video: 'whole',
  },
  {
    title: 'the CDN and the API download cut after 1000 bytes every time: no half video',
    generated: true,
    faults: [
      { origin: 'cdn', path: MEDIA, times: 50, fault: { kind: 'resetBody', afterBytes: 1000 } },
      { path: DOWNLOAD, times: 50, fault: { kind: 'resetBody', afterBytes: 1000 } },
    ],
    args: ['export'],
    code: 1,
    words: /download/i,
    renders: 1,
    video: 'none',
  },
  {
    title: 'the CDN and the API download announcing more bytes than they send: said broken off, nothing saved',
    generated: true,
    faults: [
      { origin: 'cdn', path: MEDIA, times: 50, fault: { kind: 'truncate', missingBytes: 500 } },
      { path: DOWNLOAD, times: 50, fault: { kind: 'truncate', missingBytes: 500 } },
    ],
    args: ['export'],
    code: 1,
    words: /the download broke off after (\d+) of (\d+) bytes/,
    cutShortBy: 500,
    renders: 1,
    video: 'none',
  },
  {
    title: 'the gateway refusing the credits call (1010): said in words',
    generated: false,
    faults: [{ method: 'GET', path: /credits/, times: 3, fault: { kind: 'envelope', code: 1010, message: 'gateway says no' } }],
    args: ['credits'],
    code: 1,
    words: /token was refused and a new one could not be made/,
  },
];

/** `origin`-level calls matching `method` and `path`. */
function sent(w: CliWorld, method: string, pathname: string): number {
  return w.emu.requests.filter((r) => r.origin === 'api' && r.method === method && r.path === pathname).length;
}

async function videosIn(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((n) => n.endsWith('.mp4'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

describe("hard: the emulator's faults through the CLI", function () {
  this.timeout(90_000);
  const w = cliWorld({ renderMs: 200 });

  for (const c of CASES) {
    hard('emulator-faults', c.title, async () => {
      if (c.generated) assert.equal((await w.run(['generate', GENERATE])).code, 0);
      const messagesBefore = sent(w, 'POST', RUN_SSE);
      const rendersBefore = sent(w, 'POST', RENDER);
      for (const rule of c.faults) w.emu.faults.add(rule);

      const r = await w.run(c.args);
      const output = r.stdout + r.stderr;
      assert.equal(r.code, c.code, output);
      assert.match(output, c.words);
      if (c.cutShortBy !== undefined) {
        const [, got, total] = c.words.exec(output) ?? [];
        assert.equal(Number(total) - Number(got), c.cutShortBy, 'the byte counts in the words');
      }
      assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
      for (const token of w.emu.store.tokens.keys()) assert.ok(!output.includes(token), 'the token in the output');
      assert.ok(sent(w, 'POST', RUN_SSE) - messagesBefore <= (c.messages ?? 0), 'run_sse sent too often');
      assert.ok(sent(w, 'POST', RENDER) - rendersBefore <= (c.renders ?? 0), 'render submitted too often');

      const videos = path.join(w.box.cwd, 'videos');
      assert.deepEqual(await partFiles(videos), []);
      const saved = await videosIn(videos);
      if (c.video === 'whole') {
        assert.equal(saved.length, 1);
        const file = path.join(videos, saved[0]);
        assert.equal(await mp4Incomplete(file, (await fs.stat(file)).size), undefined);
      } else {
        assert.deepEqual(saved, []);
      }
    });
  }
});
