// A small hostile HTTP server for the hard cases: it answers on a raw socket exactly the bytes a
// case asks for (a Content-Length that lies, a body cut short), which no well-behaved server (the
// emulator's included) will send.
import * as net from 'node:net';

export interface HostileServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `answer()` (status line, headers and body, as raw bytes) to every request, then closes; or,
 * with `keepOpen`, leaves the connection open after it, as a body that never ends.
 */
export async function startHostileServer(answer: () => Buffer, { keepOpen = false } = {}): Promise<HostileServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let request = '';
    socket.on('data', (chunk) => {
      request += chunk.toString('latin1');
      if (!request.includes('\r\n\r\n')) return;
      request = '';
      if (keepOpen) socket.write(answer());
      else socket.end(answer());
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** An HTTP/1.1 200 answer with the given Content-Length (true or not) and body. */
export function rawAnswer(body: Buffer, contentLength: number, contentType = 'video/mp4'): Buffer {
  const head = `HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\nContent-Length: ${contentLength}\r\nConnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
