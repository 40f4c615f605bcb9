// A real SMTP server (smtp-server, no auth, no TLS) in its own process that only counts what
// it accepts, so that receiving does not share the event loop of the delivery it measures.
// Started with fork(); sends { port } when listening; answers 'count' with { messages, bytes }.
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkCount {
  messages: number;
  bytes: number;
}

export interface SmtpSink {
  url: string;
  count(): Promise<SinkCount>;
  close(): Promise<void>;
}

export function startSmtpSink(): Promise<SmtpSink> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(new URL(import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('message', (message) => {
      const { port } = message as { port: number };
      resolve({
        url: `smtp://127.0.0.1:${port}`,
        count: () =>
          new Promise((answer) => {
            child.once('message', (reply) => answer(reply as SinkCount));
            child.send('count');
          }),
        close: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

async function serve(): Promise<void> {
  const count: SinkCount = { messages: 0, bytes: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // No reverse DNS of every client: it costs a lookup (and its timeout without a resolver) per connection.
    disableReverseLookup: true,
    // Many pooled connections may arrive at once.
    maxClients: 1000,
    onData(stream, _session, callback) {
      stream.on('data', (chunk: Buffer) => (count.bytes += chunk.length));
      stream.on('end', () => {
        count.messages++;
        callback();
      });
    },
  });
  // Replies go out at once: with Nagle's algorithm a reply can wait for the client's delayed ACK (~40 ms).
  server.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  process.on('message', (message) => {
    if (message === 'count') process.send!({ ...count });
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  process.send!({ port: (server.server.address() as AddressInfo).port });
}

if (process.send && process.argv[1] === new URL(import.meta.url).pathname) {
  await serve();
}
