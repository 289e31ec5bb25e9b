// How Polarity sends email: sign-in links and invitations. With SMTP_URL it goes through nodemailer; in embedded
// mode without SMTP the message is written to the server log instead, so one person on a laptop can still sign in.
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { AccountsConfig } from './accounts-config.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** 'smtp' delivers; 'log' only prints, which the API says so the page can tell the person where to look. */
  readonly delivery: 'smtp' | 'log';
  send(message: MailMessage): Promise<void>;
}

export function smtpMailer(smtp: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(smtp.url);
  return {
    delivery: 'smtp',
    async send(m) {
      await transport.sendMail({ from: smtp.from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

export function logMailer(logger: FastifyBaseLogger): Mailer {
  return {
    delivery: 'log',
    async send(m) {
      logger.info({ to: m.to, subject: m.subject }, `email (no SMTP_URL set, so it is printed here):\n${m.text}`);
    },
  };
}

/** The mailer the configuration asks for, or null when email cannot be sent at all (hosted without SMTP). */
export function mailerFor(config: AccountsConfig, logger: FastifyBaseLogger): Mailer | null {
  if (config.smtp) return smtpMailer(config.smtp);
  return config.mode === 'hosted' ? null : logMailer(logger);
}
