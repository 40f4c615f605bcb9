import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedFailure {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a fake provider answers for one request that passed the scripted failures. */
export type Handler = (request: RecordedRequest) => { status: number; body: unknown };

export interface FakeServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Answer the next `times` requests with this status and JSON body instead of the normal reply. */
  failNext(times: number, failure: ScriptedFailure): void;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 that records every request and speaks JSON. */
export async function startFakeServer(handle: Handler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const failures: ScriptedFailure[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const failure = failures.shift();
      const reply = failure ?? handle(request);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(failure?.headers ?? {}) });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    failNext(times, failure) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
