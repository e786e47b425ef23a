// The client honours the editor's proxy (undici does not see VS Code's patch of Node's http), and
// "Upload to Nemo" from an editor title, cancelled from its notification.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { selectedFiles } from '../../../src/extension/commands/commands';
import { uploadWithNotification } from '../../../src/extension/upload/uploadFlow';

/** A proxy that records the first line of every request and refuses it. */
async function recordingProxy(): Promise<{ url: string; lines: string[]; close(): Promise<void> }> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', (d) => {
      lines.push(d.toString('latin1').split('\r\n')[0]);
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    lines,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

describe('extension: proxy and editor-title upload', function () {
  this.timeout(30_000);
  let world: World;
  useWorld({ startingCredits: 1000 }, (made) => (world = made));

  for (const [how, setting, env] of [
    ['the http.proxy setting', true, {}],
    ['HTTPS_PROXY', false, undefined],
  ] as const) {
    it(`tunnels requests to a remote API base through ${how}; this machine is reached directly`, async () => {
      const proxy = await recordingProxy();
      try {
        if (setting) stub.setConfig('http.proxy', proxy.url);
        stub.setConfig('nemo.apiBaseUrl', 'https://api.nemo.invalid');
        const w = world.open(env ?? { HTTPS_PROXY: proxy.url });
        const controller = new AbortController();
        // The refused tunnel may fail the call before the abort: settle it without an unhandled rejection.
        const failure = (await w.services.clients.get()).getCredits(controller.signal).then(() => undefined, (e: unknown) => e);
        await world.emu.waitFor(() => proxy.lines.length > 0);
        controller.abort();
        assert.ok((await failure) instanceof Error, 'no answer without the tunnel');
        assert.equal(proxy.lines[0], 'CONNECT api.nemo.invalid:443 HTTP/1.1');

        // The emulator on 127.0.0.1 is never proxied (NO_PROXY always holds this machine).
        stub.setConfig('nemo.apiBaseUrl', world.emu.url);
        const seen = proxy.lines.length;
        assert.equal((await (await w.services.clients.get()).getCredits()).available, 1000);
        assert.equal(proxy.lines.length, seen);
      } finally {
        stub.setConfig('http.proxy', undefined);
        await proxy.close();
      }
    });
  }

  it('uploads the media file of the editor title, and its notification\'s Cancel stops the upload', async () => {
    const clip = path.join(world.root, 'clip.mp4');
    await writeFile(clip, Buffer.alloc(8 * 1024 * 1024, 3));
    // The editor title passes the file's URI; without one, the active editor's file; never other schemes.
    assert.deepEqual(selectedFiles(stub.Uri.file(clip), undefined), [clip]);
    stub.window.activeTextEditor = { document: { uri: stub.Uri.file(clip) } } as Partial<vscode.TextEditor> as vscode.TextEditor; // only its document's URI is read
    try {
      assert.deepEqual(selectedFiles(undefined, undefined), [clip]);
    } finally {
      stub.window.activeTextEditor = undefined;
    }
    assert.deepEqual(selectedFiles(stub.Uri.parse('untitled:Untitled-1'), undefined), []);

    const w = world.open();
    await (await w.services.clients.get()).getCredits(); // token and client id first: only the upload is left
    // The server sits on the upload: it is still running when the person presses Cancel.
    world.emu.faults.add({ path: /^\/api\/upload-video\//, fault: { kind: 'slowHeaders', ms: 20_000 } });
    const uploading = uploadWithNotification(w.services, [clip]);
    await world.emu.waitFor(() => stub.ui.progress.some((p) => p.title.includes('uploading') && p.reports.length > 0));
    const notification = stub.ui.progress.find((p) => p.title.includes('uploading'))!;
    assert.ok(notification.cancellable);
    notification.cancel();
    await assert.rejects(uploading, (e: Error) => e.name === 'AbortError' || /abort|cancel/i.test(e.message));
    const uploads = world.emu.requests.filter((r) => r.path.startsWith('/api/upload-video'));
    assert.ok(uploads.every((r) => r.status !== 200), 'the upload did not complete');
  });
});
