// One intake installation on real mail servers: Dovecot for the inbox (IMAPS), the test SMTP
// receiver for replies, and a workspace whose configuration points at both and trusts their
// certificates. Like Exchange Online, the receiver files a copy of every mail it takes in the
// account's Sent Items, where intake looks after an attempt was cut short. Stopping the rig
// removes all three.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startDovecot, type Dovecot, type DovecotOptions } from "./dovecot.ts";
import { createDkimKey, type DkimKey } from "./mail-builder.ts";
import { startSmtpReceiver, type SmtpReceiver } from "./smtp-receiver.ts";
import { createWorkspace, type Workspace } from "./workspace.ts";

export interface MailRig {
  /** The nhs.net key the test forms are signed with; the workspace's DNS knows it. */
  readonly key: DkimKey;
  readonly dovecot: Dovecot;
  readonly smtp: SmtpReceiver;
  readonly ws: Workspace;
  /** The workspace's environment: IMAP mailbox, SMTP outbox, and the options' `env`. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export interface MailRigOptions {
  readonly dovecot?: DovecotOptions;
  /**
   * Lift the daily cap on automatic replies to one address (default true): in a batch one
   * authoriser signs every form, and the cap against reply loops would stop the confirmations.
   */
  readonly liftReplyCap?: boolean;
  /**
   * File a copy of each mail the receiver takes in Dovecot's Sent Items before it answers 250
   * (default true). Off, the SMTP side does not depend on Dovecot (for a test that stops
   * Dovecot alone) and intake has no Sent folder to read.
   */
  readonly keepSentCopies?: boolean;
  /** More INTAKE_* settings, applied last. */
  readonly env?: Record<string, string>;
}

export const SENT_FOLDER = "Sent Items";

/** `dkim`: the nhs.net key to sign forms with, or the selector of a new one. */
export async function startMailRig(dkim: DkimKey | string, options: MailRigOptions = {}): Promise<MailRig> {
  const key = typeof dkim === "string" ? await createDkimKey("nhs.net", dkim) : dkim;
  const dovecot = await startDovecot(options.dovecot);
  // What started before a failure is stopped here: the caller gets no rig to stop.
  const keepSentCopies = options.keepSentCopies ?? true;
  const smtp = await startSmtpReceiver(keepSentCopies ? { sentCopiesIn: { dovecot, folder: SENT_FOLDER } } : {}).catch(async (error: unknown) => {
    await dovecot.stop();
    throw error;
  });
  const ws = await createWorkspace([key], { env: {} }).catch(async (error: unknown) => {
    await smtp.stop();
    await dovecot.stop();
    throw error;
  });
  const replyCap = (options.liftReplyCap ?? true) ? { INTAKE_REPLY_CAP_PER_DAY: "1000000" } : {};
  const caFile = path.join(ws.home, "test-ca.pem");
  writeFileSync(caFile, `${dovecot.certificate}\n${smtp.certificate}`);
  Object.assign(ws.env, {
    INTAKE_MAILBOX: `imaps://${encodeURIComponent(dovecot.user)}@127.0.0.1:${dovecot.imapsPort}/INBOX`,
    INTAKE_IMAP_PASSWORD: dovecot.password,
    INTAKE_OUTBOX: `smtp://${encodeURIComponent(smtp.user)}@127.0.0.1:${smtp.port}`,
    INTAKE_SMTP_PASSWORD: smtp.password,
    INTAKE_TLS_CA_FILE: caFile,
    INTAKE_SENT_FOLDER: keepSentCopies ? SENT_FOLDER : "",
    ...replyCap,
    ...options.env,
  });
  return {
    key,
    dovecot,
    smtp,
    ws,
    env: ws.env,
    async stop() {
      ws.remove();
      await smtp.stop();
      await dovecot.stop();
    },
  };
}
