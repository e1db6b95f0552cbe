import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
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
  /** `name` starts with the customer's id and a dot, so a forgotten customer's written mails can be found. */
  send(message: Mail.Options, name: string): Promise<Sent>;
  /** Deletes the mails written for a customer (files only: mail sent through a server is gone from here). */
  forget(customerId: string): Promise<void>;
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
      forget: async () => {},
      close: () => smtp.close(),
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'files',
    async send(message, name) {
      const info = await stream.sendMail(message);
      await mkdir(opts.dir, { recursive: true });
      const file = path.join(opts.dir, `${fileSafe(name)}.eml`);
      await writeFile(file, info.message as Buffer);
      opts.log.info({ file }, `no SMTP_URL set: mail written to ${file}`);
      return { messageId: info.messageId, file };
    },
    async forget(customerId) {
      const prefix = `${fileSafe(customerId)}.`;
      const names = await readdir(opts.dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      });
      for (const n of names) if (n.startsWith(prefix)) await rm(path.join(opts.dir, n), { force: true });
    },
    close: () => stream.close(),
  };
}

/** A name as a file name: what is not a letter, a digit, `_`, `-` or `.` becomes `_`. */
const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_');
