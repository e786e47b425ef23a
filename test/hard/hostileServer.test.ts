// A small raw-socket server answering what no contract allows, straight to the client's transport:
// each answer ends in a typed failure said in words (never a crash, a hang or a raw body), and the
// token goes nowhere but the API base.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { toUserMessage } from '../../src/chat';
import { nemoFailure } from '../support/assertions';
import { makeTransport } from '../support/client';
import { sendMessage } from '../../src/nemo/turn';
import { MemoryTokenStore } from '../support/stores';
import { hard } from './ledger';
import { startHostileServer, type HostileServer } from './hostileServer';

const TOKEN = 'nmv_usr_hostile0123456789abcdef';

function answer(status: string, headers: Record<string, string | number>, body: string): Buffer {
  const head = [`HTTP/1.1 ${status}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  return Buffer.from(head + body, 'latin1');
}

describe('hard: a hostile server answering the API', () => {
  let server: HostileServer | undefined;
  afterEach(async () => server?.close());

  /** GET /api/credits/balance/simple against a server that answers `reply`, with a token already held. */
  async function creditsFrom(reply: Buffer, { keepOpen = false, maxJsonBytes = 1024 * 1024 } = {}) {
    server = await startHostileServer(() => reply, { keepOpen });
    const tokens = new MemoryTokenStore();
    await tokens.set(server.url, { token: TOKEN, anonymous: true });
    const t = makeTransport({ url: server.url }, { tokens, maxJsonBytes });
    const err = await nemoFailure(t.call('GET', '/api/credits/balance/simple'));
    const words = toUserMessage(err);
    assert.ok(!words.includes(TOKEN) && !err.message.includes(TOKEN), 'the token in the words');
    return { err, words };
  }

  hard('hostile-server', 'a JSON body cut short of its Content-Length: a failure in words', async () => {
    const { words } = await creditsFrom(answer('200 OK', { 'Content-Type': 'application/json', 'Content-Length': 1000 }, '{"code":0,"data":{"avail'));
    assert.match(words, /the connection to the Nemo service broke/);
    assert.doesNotMatch(words, /avail/);
  });

  hard('hostile-server', 'a 200 with an HTML page where JSON belongs: said, the page not shown', async () => {
    const page = '<html><body>Please sign in</body></html>';
    const { words } = await creditsFrom(answer('200 OK', { 'Content-Type': 'text/html', 'Content-Length': page.length }, page));
    assert.match(words, /Nemo answered something this version cannot read/);
    assert.doesNotMatch(words, /<html|Please sign in/);
  });

  hard('hostile-server', 'a redirect to another host: not followed, the token not sent there', async () => {
    const elsewhere: string[] = [];
    const other = net.createServer((s) => s.on('data', (d) => { elsewhere.push(d.toString('latin1')); s.destroy(); }));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = other.address() as net.AddressInfo;
      const { words } = await creditsFrom(answer('302 Found', { Location: `http://127.0.0.1:${port}/steal`, 'Content-Length': 0 }, ''));
      assert.match(words, /unexpected error \(HTTP 302\)/);
      assert.deepEqual(elsewhere, [], 'the redirect was followed');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  hard('hostile-server', 'a JSON answer that never ends: cut off at the client\'s limit, said in words', async () => {
    const endless = answer('200 OK', { 'Content-Type': 'application/json', 'Content-Length': 1e12 }, `{"code":0,"data":"${'x'.repeat(2 * 1024 * 1024)}`);
    const { err, words } = await creditsFrom(endless, { keepOpen: true });
    assert.equal(err.kind, 'protocol');
    assert.match(words, /more than 1 MiB/);
  });

  hard('hostile-server', 'a 100 KB header: refused in words, nothing read', async () => {
    const { words } = await creditsFrom(answer('200 OK', { 'Content-Type': 'application/json', 'X-Junk': 'j'.repeat(100_000), 'Content-Length': 2 }, '{}'));
    assert.match(words, /headers larger than this version reads/);
    assert.doesNotMatch(words, /jjjj|internet/);
  });

  hard('hostile-server', 'a reply stream with a 10 MB line and no newline: stopped at the decoder\'s limit, sent once', async () => {
    let answered = 0;
    const line = Buffer.concat([answer('200 OK', { 'Content-Type': 'text/event-stream' }, 'data: '), Buffer.alloc(10 * 1024 * 1024, 'x')]);
    server = await startHostileServer(() => (answered++, line), { keepOpen: true });
    const tokens = new MemoryTokenStore();
    await tokens.set(server.url, { token: TOKEN, anonymous: true });
    const turn = sendMessage(makeTransport({ url: server.url }, { tokens }), 'session-1', 'make the title bigger');
    const err = await nemoFailure((async () => { for await (const e of turn) void e; })());
    const words = toUserMessage(err);
    assert.match(words, /an event larger than 8 MiB, more than this version reads/);
    assert.match(words, /may still be running/);
    assert.equal(answered, 1, 'the message was sent again');
    assert.ok(!words.includes(TOKEN));
  });
});
