import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
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
    const smtpUrl = opts.smtpUrl;
    // Checked now, as nodemailer would at creation: a URL it cannot read stops the start, not the first mail.
    new URL(smtpUrl);
    const smtp = lazyTransporter(() => smtpUrl);
    return {
      kind: 'smtp',
      async send(message) {
        const info = await (await smtp.get()).sendMail(message);
        return { messageId: info.messageId };
      },
      forget: async () => {},
      close: () => smtp.close(),
    };
  }
  const stream = lazyTransporter(() => ({ streamTransport: true, buffer: true, newline: 'unix' }) as const);
  return {
    kind: 'files',
    async send(message, name) {
      const info = await (await stream.get()).sendMail(message);
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

/**
 * nodemailer loaded at the first mail, not at start-up (a twentieth of a second here, for
 * mail that goes out days after a first contact, if the pulse is on at all).
 */
function lazyTransporter(options: () => string | { streamTransport: true; buffer: true; newline: 'unix' }): {
  get(): Promise<Transporter>;
  close(): void;
} {
  let made: Promise<Transporter> | undefined;
  let closed = false;
  return {
    get() {
      made ??= import('nodemailer')
        .then((m) => m.default.createTransport(options()))
        .catch((err: unknown) => {
          made = undefined;
          throw err;
        });
      return made;
    },
    close() {
      if (closed) return;
      closed = true;
      void made?.then((t) => t.close()).catch(() => {});
    },
  };
}

/** A name as a file name: what is not a letter, a digit, `_`, `-` or `.` becomes `_`. */
const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_');
