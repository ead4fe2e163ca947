import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on 127.0.0.1 that only counts the requests it receives. */
export interface SpyServer {
  readonly origin: string;
  readonly port: number;
  /** Request lines received, such as `GET /steal?x=1`. */
  readonly requests: string[];
  stop(): Promise<void>;
}

export async function startSpyServer(): Promise<SpyServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"count":0,"next":null,"previous":null,"results":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
