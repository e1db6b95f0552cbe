import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Logger } from '../../src/log.js';

export interface Sent {
  messageId: string;
  /** Where the mail was written, when no SMTP server is configured. */
  file?: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'files';
  send(message: Mail.Options, name: string): Promise<Sent>;
  close(): void;
}

/**
 * `SMTP_URL` set: mail goes through that server. Unset (the embedded
 * default, a trial on a laptop): each mail is built by nodemailer exactly as
 * it would be sent and written to `<dir>/<name>.eml`, and the log says where.
 */
export function createTransport(opts: { smtpUrl?: string; dir: string; log: Logger }): MailTransport {
  if (opts.smtpUrl) {
    const smtp = nodemailer.createTransport(opts.smtpUrl);
    return {
      kind: 'smtp',
      async send(message) {
        const info = await smtp.sendMail(message);
        return { messageId: info.messageId };
      },
      close: () => smtp.close(),
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'files',
    async send(message, name) {
      const info = await stream.sendMail(message);
      await mkdir(opts.dir, { recursive: true });
      const file = path.join(opts.dir, `${name.replace(/[^A-Za-z0-9_-]/g, '_')}.eml`);
      await writeFile(file, info.message as Buffer);
      opts.log.info({ file }, `no SMTP_URL set: mail written to ${file}`);
      return { messageId: info.messageId, file };
    },
    close: () => stream.close(),
  };
}
