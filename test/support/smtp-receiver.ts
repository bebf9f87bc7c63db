// An SMTP submission server for tests (the smtp-server package, in this process, on
// loopback): STARTTLS or implicit TLS with a self-signed certificate, AUTH PLAIN or XOAUTH2
// required. It records every mail it accepts, can be told to refuse mail with a 4xx or 5xx
// reply, and can hand each accepted mail to Dovecot over LMTP so it can be read over IMAP,
// and file a copy in the sender's Sent folder before answering 250, as Exchange Online does
// with mail submitted over SMTP AUTH.
import type net from "node:net";
import nodemailer from "nodemailer";
import { SMTPServer, type SMTPServerError } from "smtp-server";
import { makeTestCertificate, type Dovecot } from "./dovecot.ts";

export type Refusal = "temporary" | "permanent";

/** Where a refusal is given: to RCPT TO (the envelope) or after DATA (the message). */
export type RefusalStage = "rcpt" | "data";

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: Buffer;
  /** Who logged in, and how. */
  readonly login: { readonly method: string; readonly user: string };
}

export interface SmtpReceiverOptions {
  /** Each accepted mail is delivered into this Dovecot over LMTP before the client gets 250. */
  readonly deliverTo?: Dovecot;
  /** TLS from the first byte (port 465 style) instead of STARTTLS. */
  readonly implicitTls?: boolean;
  /** Each accepted mail is also filed in this folder of the Dovecot account before the client gets 250. */
  readonly sentCopiesIn?: { readonly dovecot: Dovecot; readonly folder: string };
}

export interface SmtpReceiver {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly certificate: string;
  readonly received: readonly ReceivedMail[];
  /** Mail transmitted in full but refused after DATA. */
  readonly refused: readonly ReceivedMail[];
  /** Every login attempt, accepted or not, with the token for XOAUTH2. */
  readonly logins: readonly { readonly method: string; readonly user: string; readonly accessToken: string | null; readonly accepted: boolean }[];
  /** Refuse every mail from now on (null: accept again). */
  refuse(refusal: Refusal | null, stage?: RefusalStage): void;
  /** Runs `hook` on each mail accepted from now on, and answers 250 only once it is done (null: answer at once). */
  holdAnswers(hook: ((mail: ReceivedMail) => Promise<void> | void) | null): void;
  /** XOAUTH2 tokens accepted for `user` from now on. */
  acceptTokens(...tokens: string[]): void;
  stop(): Promise<void>;
}

const USER = "intake-sender@example.test";
const PASSWORD = "smtp-test-password";

function refusalError(refusal: Refusal): SMTPServerError {
  const error: SMTPServerError =
    refusal === "temporary"
      ? new Error("4.3.0 Temporarily unable to accept mail, try again later")
      : new Error("5.7.1 Delivery not authorised, message refused");
  error.responseCode = refusal === "temporary" ? 451 : 550;
  return error;
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const certificate = makeTestCertificate();
  const received: ReceivedMail[] = [];
  const refused: ReceivedMail[] = [];
  const logins: { method: string; user: string; accessToken: string | null; accepted: boolean }[] = [];
  const tokens = new Set<string>();
  let refusal: { refusal: Refusal; stage: RefusalStage } | null = null;
  let held: ((mail: ReceivedMail) => Promise<void> | void) | null = null;
  // The account has its Sent folder from the start, as an Exchange mailbox does.
  await options.sentCopiesIn?.dovecot.createFolder(options.sentCopiesIn.folder);
  const lmtp = options.deliverTo
    ? nodemailer.createTransport({ lmtp: true, host: "127.0.0.1", port: options.deliverTo.lmtpPort, ignoreTLS: true, logger: false })
    : null;

  const server = new SMTPServer({
    secure: options.implicitTls ?? false,
    key: certificate.privateKey,
    cert: certificate.certificate,
    authMethods: ["PLAIN", "XOAUTH2"],
    allowInsecureAuth: false, // over STARTTLS, AUTH is offered only after the upgrade
    logger: false,
    onAuth(auth, _session, callback) {
      const user = auth.username ?? "";
      const accepted =
        user === USER && (auth.method === "XOAUTH2" ? tokens.has(auth.accessToken ?? "") : auth.password === PASSWORD);
      logins.push({ method: auth.method, user, accessToken: auth.accessToken ?? null, accepted });
      if (accepted) return callback(null, { user: { method: auth.method, user } });
      if (auth.method === "XOAUTH2") return callback(null, { data: { status: "401", schemes: "bearer" } });
      const error: SMTPServerError = new Error("5.7.8 Authentication credentials invalid");
      error.responseCode = 535;
      return callback(error);
    },
    onRcptTo(_address, _session, callback) {
      callback(refusal?.stage === "rcpt" ? refusalError(refusal.refusal) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        if (refusal?.stage === "data") {
          refused.push({ from, to, raw, login: session.user as ReceivedMail["login"] });
          return callback(refusalError(refusal.refusal));
        }
        const sent = options.sentCopiesIn;
        const handOver = Promise.all([
          lmtp ? lmtp.sendMail({ envelope: { from, to }, raw }) : null,
          sent ? sent.dovecot.file(raw, sent.folder) : null,
        ]);
        handOver.then(
          async () => {
            const mail: ReceivedMail = { from, to, raw, login: session.user as ReceivedMail["login"] };
            received.push(mail);
            await Promise.resolve(held?.(mail)).catch(() => undefined);
            callback();
          },
          (error: unknown) => {
            const refused: SMTPServerError = new Error(`4.3.0 Could not hand the mail to the mailbox: ${(error as Error).message}`);
            refused.responseCode = 451;
            callback(refused);
          },
        );
      });
    },
  });

  const listening = await new Promise<net.Server>((resolve, reject) => {
    server.once("error", reject);
    const socket = server.listen(0, "127.0.0.1", () => resolve(socket));
  });
  server.on("error", () => undefined); // a client dropping mid-session is not the test's failure

  return {
    host: "127.0.0.1",
    port: (listening.address() as net.AddressInfo).port,
    user: USER,
    password: PASSWORD,
    certificate: certificate.certificate,
    received,
    refused,
    logins,
    refuse(next: Refusal | null, stage: RefusalStage = "rcpt"): void {
      refusal = next ? { refusal: next, stage } : null;
    },
    holdAnswers(hook: ((mail: ReceivedMail) => Promise<void> | void) | null): void {
      held = hook;
    },
    acceptTokens(...accepted: string[]): void {
      for (const token of accepted) tokens.add(token);
    },
    stop(): Promise<void> {
      lmtp?.close();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
