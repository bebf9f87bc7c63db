// The bare floor of the intake's mail work, for comparison: every message of the inbox
// fetched over IMAPS in one streamed FETCH, its PDF read by the project's form reader (in this
// thread, without the examiner's worker, budget or checks), and
// two replies sent over pooled SMTP. No checks, no database, no filing; the three kinds of
// work overlap. Run as its own process: node bench/support/floor.ts '<FloorSettings JSON>'.
import { readFileSync } from "node:fs";
import { ImapFlow } from "imapflow";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import { readRegistrationForm } from "../../src/forms/read-form.ts";

export interface FloorSettings {
  readonly imap: { readonly host: string; readonly port: number; readonly user: string; readonly password: string };
  readonly smtp: { readonly host: string; readonly port: number; readonly user: string; readonly password: string };
  readonly caFile: string;
}

export interface FloorResult {
  readonly messages: number;
  readonly formsRead: number;
  readonly repliesSent: number;
  /** From the start of the FETCH to its last message. */
  readonly fetchSeconds: number;
  /** From connecting to the last reply accepted. */
  readonly seconds: number;
}

const IN_FLIGHT = 8;

const REPLY_TEXT = `Dear colleague,

Thank you for the ePACT2 registration form. This reply stands in for the intake's own,
which is rendered from a template of about this length with the applicant's name, the
organisation, the form and the request reference, and a footer with where to find the forms
and how to reach the support team.
`.repeat(2);

async function floor(settings: FloorSettings): Promise<FloorResult> {
  const ca = readFileSync(settings.caFile, "utf8");
  const started = performance.now();
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 2,
    host: settings.smtp.host,
    port: settings.smtp.port,
    requireTLS: true,
    tls: { ca },
    auth: { user: settings.smtp.user, pass: settings.smtp.password },
    logger: false,
  });
  const client = new ImapFlow({
    host: settings.imap.host,
    port: settings.imap.port,
    secure: true,
    auth: { user: settings.imap.user, pass: settings.imap.password },
    tls: { ca },
    logger: false,
    disableAutoIdle: true,
  });
  await client.connect();
  let messages = 0;
  let formsRead = 0;
  let repliesSent = 0;
  const inFlight = new Set<Promise<void>>();

  const handle = async (source: Buffer): Promise<void> => {
    const parsed = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    const pdf = parsed.attachments.find((attachment) => attachment.contentType === "application/pdf");
    const reading = pdf ? await readRegistrationForm(new Uint8Array(pdf.content), { maxBytes: 10 * 1024 * 1024 }) : null;
    if (reading?.kind === "read") formsRead++;
    const applicant = reading?.kind === "read" ? reading.form.applicant.email : "applicant@example.test";
    const sender = parsed.from?.value[0]?.address ?? "sender@example.test";
    await Promise.all(
      [sender, applicant].map(async (to) => {
        await transport.sendMail({
          from: "ePACT2 Registrations <epact2.registrations@nhsbsa.nhs.uk>",
          to,
          subject: `Re: ${parsed.subject ?? ""}`,
          text: REPLY_TEXT,
          html: `<p>${REPLY_TEXT.replace(/\n\n/g, "</p><p>")}</p>`,
          inReplyTo: parsed.messageId,
        });
        repliesSent++;
      }),
    );
  };

  let fetchSeconds = 0;
  try {
    await client.mailboxOpen("INBOX", { readOnly: true });
    const fetchStarted = performance.now();
    for await (const message of client.fetch("1:*", { uid: true, source: true })) {
      if (!message.source) throw new Error(`no source for UID ${message.uid}`);
      messages++;
      const work = handle(message.source);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work)).catch(() => undefined);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    fetchSeconds = (performance.now() - fetchStarted) / 1000;
    await Promise.all(inFlight);
  } finally {
    await client.logout();
    transport.close();
  }
  return { messages, formsRead, repliesSent, fetchSeconds, seconds: (performance.now() - started) / 1000 };
}

const settings = JSON.parse(process.argv[2] ?? "null") as FloorSettings | null;
if (!settings) {
  process.stderr.write("usage: node bench/support/floor.ts '<FloorSettings JSON>'\n");
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await floor(settings))}\n`);
}
