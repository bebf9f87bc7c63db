// The whole intake on a real mailbox: forms delivered into Dovecot, read over IMAPS,
// replies sent through a real SMTP server, messages moved to the outcome folders.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { createWorkspace, runIntakeAsync, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let dovecot: Dovecot;
let smtp: SmtpReceiver;
let ws: Workspace;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "imap1");
  dovecot = await startDovecot();
  smtp = await startSmtpReceiver();
  ws = await createWorkspace([nhs], { env: {} });
  const caFile = path.join(ws.home, "test-ca.pem");
  writeFileSync(caFile, `${dovecot.certificate}\n${smtp.certificate}`);
  Object.assign(ws.env, {
    INTAKE_MAILBOX: `imaps://${encodeURIComponent(dovecot.user)}@127.0.0.1:${dovecot.imapsPort}/INBOX`,
    INTAKE_IMAP_PASSWORD: dovecot.password,
    INTAKE_OUTBOX: `smtp://${encodeURIComponent(smtp.user)}@127.0.0.1:${smtp.port}`,
    INTAKE_SMTP_PASSWORD: smtp.password,
    INTAKE_TLS_CA_FILE: caFile,
  });
});
afterAll(async () => {
  ws.remove();
  await smtp.stop();
  await dovecot.stop();
});

describe("intake over IMAP and SMTP", () => {
  it("takes forms from the IMAP inbox, replies over SMTP and moves each message to its outcome folder", async () => {
    await dovecot.deliver(await formMail({ signWith: nhs, messageId: "<imap-accepted@nhs.net>" }));
    await dovecot.deliver(await formMail({ signWith: nhs, from: "carol.colleague@nhs.net", messageId: "<imap-rejected@nhs.net>", values: { applicant_email: "c1@nhs.net" } }));
    await dovecot.deliver(await formMail({ signWith: null, messageId: "<imap-unverified@nhs.net>", values: { applicant_email: "c2@nhs.net" } }));

    const run = await runIntakeAsync(["run", "--once"], ws.env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ messages: 3, outcomes: { accepted: 1, rejected: 1, flagged: 1 }, repliesSent: 4 });

    expect(await dovecot.list("INBOX")).toEqual([]);
    const ids = async (folder: string) => (await dovecot.list(folder)).map((m) => m.messageId);
    expect(await ids("Processed")).toEqual(["<imap-accepted@nhs.net>"]);
    expect(await ids("Rejected")).toEqual(["<imap-rejected@nhs.net>"]);
    expect(await ids("Exceptions")).toEqual(["<imap-unverified@nhs.net>"]);
    expect((await dovecot.list("Processed"))[0]?.flags).toContain("\\Seen");

    const recipients = smtp.received.flatMap((mail) => mail.to).sort();
    expect(recipients).toEqual(["alice.applicant@nhs.net", "bob.authoriser@nhs.net", "carol.colleague@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
    const confirmation = await simpleParser(smtp.received.find((mail) => mail.to.includes("bob.authoriser@nhs.net"))!.raw);
    expect(confirmation.inReplyTo).toBe("<imap-accepted@nhs.net>");
    expect(confirmation.headers.get("auto-submitted")).toBe("auto-replied");
  });

  it("a second run finds nothing to do and sends nothing again", async () => {
    const before = smtp.received.length;
    const run = await runIntakeAsync(["run", "--once"], ws.env);
    expect(JSON.parse(run.stdout)).toMatchObject({ messages: 0, repliesSent: 0 });
    expect(smtp.received).toHaveLength(before);
  });

  it("a wrong IMAP password stops the run at once with a clear error (exit 1)", async () => {
    const failed = await runIntakeAsync(["run", "--once"], { ...ws.env, INTAKE_IMAP_PASSWORD: "wrong" });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/authenticat/i);
  });
});
