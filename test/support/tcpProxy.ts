// A TCP pass-through in front of a server, so a test can see what the server's side of the wire
// sees: how many connections the client opened and when it closed them (a cancelled stream must
// close its socket, not leave it open until the server finishes).
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  url: string;
  /** Client connections opened / closed so far. */
  opened: number;
  closed: number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: TcpProxy = { url: '', opened: 0, closed: 0, close: async () => undefined };
  const server = createServer((client) => {
    proxy.opened++;
    const upstream = createConnection({ host: hostname, port: Number(port) });
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => {
      proxy.closed++;
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
