import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';

export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  body: string;
}

/** Hands a message to whatever delivers mail; rejects when it was not accepted. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The directory of a `file:` MAIL_URL: `file:///var/mail/tb` is absolute, `file://.data/mail` relative to the working directory. */
export const mailDirectoryOf = (mailUrl: string): string => resolve(mailUrl.replace(/^file:(\/\/)?/, ''));

/**
 * SMTP (`smtp://` with STARTTLS when the server offers it, `smtps://` for TLS from the start), or
 * a directory of .eml files for development and demos, where no mail server exists. Bodies go as
 * base64 UTF-8 text, which every mail client reads.
 */
export function createMailTransport(mailUrl: string, from: string): MailTransport {
  const message = (mail: OutgoingMail) => ({ from, to: mail.to, subject: mail.subject, text: mail.body, textEncoding: 'base64' as const, messageId: `<${mail.id}@techbridge>` });
  if (mailUrl.startsWith('file:')) {
    const directory = mailDirectoryOf(mailUrl);
    const composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    return {
      async send(mail) {
        const { message: raw } = await composer.sendMail(message(mail));
        await mkdir(directory, { recursive: true });
        await writeFile(join(directory, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`), raw as Buffer);
      },
      close: () => composer.close(),
    };
  }
  // Bounded waits: a hung server fails the attempt, and the job retries later.
  const smtp = createTransport({ url: mailUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  return {
    async send(mail) {
      await smtp.sendMail(message(mail));
    },
    close: () => smtp.close(),
  };
}
