// Outbox through an SMTP submission server (Exchange Online, a relay), over a small pool of
// connections. Each mail goes out exactly as given, with its fixed Message-ID, so a retry
// after a temporary failure is the same mail; a failure is an SmtpDeliveryError (a
// DeliveryError) that says whether a retry can help. Whether a mail left before an attempt
// was cut short is read from the sending account's Sent folder, when there is one.
import nodemailer from "nodemailer";
import type { SentFolder } from "../mailbox/imap-sent-folder.ts";
import { nodemailerMessage, type OutgoingMail, type Outbox, type SentRecord } from "./outbox.ts";
import { deliveryErrorFrom } from "./smtp-delivery-error.ts";

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
  /**
   * Where the server files a copy of each mail it accepts (Exchange Online: the account's Sent
   * Items). Without it the outbox cannot tell whether a cut-short attempt was delivered.
   */
  readonly sentFolder?: SentFolder;
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

    async lookUp(messageId: string): Promise<SentRecord> {
      if (!options.sentFolder) return "unknown";
      return (await options.sentFolder.holds(messageId)) ? "sent" : "not-sent";
    },

    async close(): Promise<void> {
      transport.close();
      await options.sentFolder?.close();
    },
  };
}
