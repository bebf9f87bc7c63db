// The whole intake on a real mailbox: forms delivered into Dovecot, read over IMAPS,
// replies sent through a real SMTP server, messages moved to the outcome folders.
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMailRig, type MailRig } from "../support/mail-rig.ts";
import { runIntakeAsync } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let rig: MailRig;

beforeAll(async () => {
  // Three forms, their replies to four different people: the daily reply cap stays as shipped.
  rig = await startMailRig("imap1", { liftReplyCap: false });
});
afterAll(async () => {
  await rig?.stop();
});

describe("intake over IMAP and SMTP", () => {
  it("takes forms from the IMAP inbox, replies over SMTP and moves each message to its outcome folder", async () => {
    await rig.dovecot.deliver(await formMail({ signWith: rig.key, messageId: "<imap-accepted@nhs.net>" }));
    await rig.dovecot.deliver(await formMail({ signWith: rig.key, from: "carol.colleague@nhs.net", messageId: "<imap-rejected@nhs.net>", values: { applicant_email: "c1@nhs.net" } }));
    await rig.dovecot.deliver(await formMail({ signWith: null, messageId: "<imap-unverified@nhs.net>", values: { applicant_email: "c2@nhs.net" } }));

    const run = await runIntakeAsync(["run", "--once"], rig.env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ messages: 3, outcomes: { accepted: 1, rejected: 1, flagged: 1 }, repliesSent: 4 });

    expect(await rig.dovecot.list("INBOX")).toEqual([]);
    const ids = async (folder: string) => (await rig.dovecot.list(folder)).map((m) => m.messageId);
    expect(await ids("Processed")).toEqual(["<imap-accepted@nhs.net>"]);
    expect(await ids("Rejected")).toEqual(["<imap-rejected@nhs.net>"]);
    expect(await ids("Exceptions")).toEqual(["<imap-unverified@nhs.net>"]);
    expect((await rig.dovecot.list("Processed"))[0]?.flags).toContain("\\Seen");

    const recipients = rig.smtp.received.flatMap((mail) => mail.to).sort();
    expect(recipients).toEqual(["alice.applicant@nhs.net", "bob.authoriser@nhs.net", "carol.colleague@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
    const confirmation = await simpleParser(rig.smtp.received.find((mail) => mail.to.includes("bob.authoriser@nhs.net"))!.raw);
    expect(confirmation.inReplyTo).toBe("<imap-accepted@nhs.net>");
    expect(confirmation.headers.get("auto-submitted")).toBe("auto-replied");
  });

  it("a second run finds nothing to do and sends nothing again", async () => {
    const before = rig.smtp.received.length;
    const run = await runIntakeAsync(["run", "--once"], rig.env);
    expect(JSON.parse(run.stdout)).toMatchObject({ messages: 0, repliesSent: 0 });
    expect(rig.smtp.received).toHaveLength(before);
  });

  it("a wrong IMAP password stops the run at once with a clear error (exit 1)", async () => {
    const failed = await runIntakeAsync(["run", "--once"], { ...rig.env, INTAKE_IMAP_PASSWORD: "wrong" });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/authenticat/i);
  });
});
