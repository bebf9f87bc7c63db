// One intake installation on real mail servers: Dovecot for the inbox (IMAPS), the test SMTP
// receiver for replies, and a workspace whose configuration points at both.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startDovecot, type Dovecot } from "../../support/dovecot.ts";
import { createDkimKey, type DkimKey } from "../../support/mail-builder.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../../support/smtp-receiver.ts";
import { createWorkspace, type Workspace } from "../../support/workspace.ts";

export interface MailRig {
  readonly key: DkimKey;
  readonly dovecot: Dovecot;
  readonly smtp: SmtpReceiver;
  readonly ws: Workspace;
  /** The workspace's environment: IMAP mailbox, SMTP outbox, and `extraEnv`. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startMailRig(selector: string, extraEnv: Record<string, string> = {}): Promise<MailRig> {
  const key = await createDkimKey("nhs.net", selector);
  const dovecot = await startDovecot();
  const smtp = await startSmtpReceiver();
  const ws = await createWorkspace([key], { env: {} });
  const caFile = path.join(ws.home, "test-ca.pem");
  writeFileSync(caFile, `${dovecot.certificate}\n${smtp.certificate}`);
  Object.assign(ws.env, {
    INTAKE_MAILBOX: `imaps://${encodeURIComponent(dovecot.user)}@127.0.0.1:${dovecot.imapsPort}/INBOX`,
    INTAKE_IMAP_PASSWORD: dovecot.password,
    INTAKE_OUTBOX: `smtp://${encodeURIComponent(smtp.user)}@127.0.0.1:${smtp.port}`,
    INTAKE_SMTP_PASSWORD: smtp.password,
    INTAKE_TLS_CA_FILE: caFile,
    // One authoriser signs every form here: the daily cap against reply loops must not apply.
    INTAKE_REPLY_CAP_PER_DAY: "1000000",
    ...extraEnv,
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
