import { SMTPServer } from 'smtp-server';
import { eventually } from './harness';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  /** The decoded text. */
  body: string;
  messageId: string;
}

/** A header's encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) decoded. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
}

/** A single-part text message as the platform sends it (base64 UTF-8 body). */
function parse(raw: string, to: string[]): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  const content = raw.slice(split).trim();
  const body = /base64/i.test(header('Content-Transfer-Encoding')) ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8') : content;
  return { from: decodeWords(header('From')), to, subject: decodeWords(header('Subject')), body, messageId: header('Message-ID') };
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives, for tests of the platform's mail. */
export class MailSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly received: ReceivedMail[],
  ) {}

  static start(port = 0): Promise<MailSink> {
    const received: ReceivedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push(parse(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
          callback();
        });
      },
    });
    return new Promise((resolve, reject) => {
      server.on('error', reject);
      const listener = server.listen(port, '127.0.0.1', () => {
        resolve(new MailSink(server, (listener.address() as { port: number }).port, received));
      });
    });
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first message to this address, once it arrives. */
  mailTo(address: string, timeoutMs = 15_000): Promise<ReceivedMail> {
    return eventually(async () => this.received.find((m) => m.to.includes(address)), timeoutMs);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
