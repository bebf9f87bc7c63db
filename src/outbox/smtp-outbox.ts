// Outbox through an SMTP submission server (Exchange Online, a relay), over a small pool of
// connections. Each mail goes out exactly as given, with its fixed Message-ID, so a retry
// after a temporary failure is the same mail; a failure is an SmtpDeliveryError (a
// DeliveryError) that says whether a retry can help.
import nodemailer from "nodemailer";
import { nodemailerMessage, type OutgoingMail, type Outbox } from "./outbox.ts";
import { deliveryErrorFrom } from "./smtp-delivery-error.ts";

export { isPermanentFailure, SmtpDeliveryError } from "./smtp-delivery-error.ts";

export type SmtpAuth =
  | { readonly kind: "password"; readonly user: string; readonly password: string }
  /** XOAUTH2; asked again for every new connection, so an expired token is never reused. */
  | { readonly kind: "oauth2"; readonly user: string; readonly token: () => Promise<string> };

export interface SmtpOutboxOptions {
  readonly host: string;
  readonly port: number;
  /** "tls": TLS from the first byte (usually 465); "starttls": upgraded before anything is sent (usually 587). */
  readonly security: "tls" | "starttls";
  readonly auth?: SmtpAuth;
  readonly tls: { readonly rejectUnauthorized: boolean; readonly ca?: string | Buffer | string[] };
  /** Name given in EHLO; nodemailer's default is the machine's host name. */
  readonly clientName?: string;
  readonly maxConnections?: number;
  readonly timeouts?: { readonly connectMs?: number; readonly greetingMs?: number; readonly socketMs?: number };
}

function authOption(auth: SmtpAuth | undefined): object | undefined {
  if (!auth) return undefined;
  if (auth.kind === "password") return { user: auth.user, pass: auth.password };
  return {
    type: "OAuth2",
    user: auth.user,
    provisionCallback: (_user: string, _renew: boolean, done: (error: Error | null, token?: string, expires?: number) => void): void => {
      // An expiry of now: nodemailer asks again next time, and the token source keeps its own cache.
      auth.token().then(
        (token) => done(null, token, Date.now()),
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    },
  };
}

export function openSmtpOutbox(options: SmtpOutboxOptions): Outbox {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: options.maxConnections ?? 2,
    host: options.host,
    port: options.port,
    secure: options.security === "tls",
    requireTLS: options.security === "starttls",
    tls: { rejectUnauthorized: options.tls.rejectUnauthorized, ca: options.tls.ca, minVersion: "TLSv1.2" },
    auth: authOption(options.auth),
    name: options.clientName,
    connectionTimeout: options.timeouts?.connectMs ?? 30_000,
    greetingTimeout: options.timeouts?.greetingMs ?? 30_000,
    socketTimeout: options.timeouts?.socketMs ?? 120_000,
    // Replies are rendered from templates: never let content pull in files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });

  return {
    async send(mail: OutgoingMail): Promise<void> {
      try {
        await transport.sendMail(nodemailerMessage(mail));
      } catch (error) {
        throw deliveryErrorFrom(error, mail.messageId, mail.to);
      }
    },

    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}
