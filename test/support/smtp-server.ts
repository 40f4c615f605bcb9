import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One MIME leaf part, decoded. */
export interface MailPart {
  contentType: string;
  filename?: string;
  /** Decoded bytes (base64 / quoted-printable undone). */
  content: Buffer;
}

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  /** Top-level headers, names in lower case, folded lines joined. */
  headers: Record<string, string>;
  messageId: string | undefined;
  to: string | undefined;
  /** Encoded words (=?UTF-8?B?…?=) decoded. */
  subject: string | undefined;
  parts: MailPart[];
}

export interface SmtpServerOptions {
  /** Reply to RCPT TO for an address with this SMTP code instead of accepting it (e.g. 550, 451). */
  rejectRecipient?: (address: string) => { code: number; message: string } | undefined;
}

/** A real SMTP server on 127.0.0.1 (random port, no auth, no TLS) that keeps what it receives. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<{
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const rejection = options.rejectRecipient?.(address.address);
      if (!rejection) return callback();
      const error = new Error(rejection.message) as Error & { responseCode: number };
      error.responseCode = rejection.code;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        messages.push(parseMail(raw, envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMail(raw: string, envelope: ReceivedMail['envelope']): ReceivedMail {
  const { headers, body } = splitHeaders(raw);
  return {
    envelope,
    raw,
    headers,
    messageId: headers['message-id'],
    to: headers.to,
    subject: headers.subject === undefined ? undefined : decodeEncodedWords(headers.subject),
    parts: leafParts(headers, body),
  };
}

function splitHeaders(entity: string): { headers: Record<string, string>; body: string } {
  const end = entity.search(/\r?\n\r?\n/);
  const head = end === -1 ? entity : entity.slice(0, end);
  const body = end === -1 ? '' : entity.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function parameter(header: string | undefined, name: string): string | undefined {
  const match = header?.match(new RegExp(`${name}\\*?=("([^"]*)"|[^;\\s]+)`, 'i'));
  return match ? decodeEncodedWords(match[2] ?? match[1] ?? '') : undefined;
}

function leafParts(headers: Record<string, string>, body: string): MailPart[] {
  const contentType = headers['content-type'] ?? 'text/plain';
  const boundary = parameter(contentType, 'boundary');
  if (/^multipart\//i.test(contentType) && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    return sections
      .filter((section) => !section.startsWith('--'))
      .flatMap((section) => {
        // The line break before a boundary belongs to the boundary (RFC 2046).
        const part = splitHeaders(section.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
        return leafParts(part.headers, part.body);
      });
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let content: Buffer;
  if (encoding === 'base64') content = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') content = decodeQuotedPrintable(body);
  else content = Buffer.from(body.replace(/\r?\n$/, ''), 'utf8');
  const filename = parameter(headers['content-disposition'], 'filename') ?? parameter(contentType, 'name');
  return [{ contentType: contentType.split(';')[0]!.trim().toLowerCase(), ...(filename ? { filename } : {}), content }];
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replaceAll('_', ' ')).toString('utf8'),
    );
}
