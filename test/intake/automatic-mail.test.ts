// Nothing automatic is answered: autoresponders, mailing lists, delivery reports and our
// own replies coming back. Through the real pipeline on a Maildir.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail, createDkimKey, signMail, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let ws: Workspace;
let requestReference: string;
let applicantNoticeId: string;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "auto1");
  ws = await createWorkspace([nhs]);
  ws.deliver(await formMail({ signWith: nhs, messageId: "<original-form@nhs.net>" }));
  await ws.runOnce();
  requestReference = (await ws.requests())[0]!.reference;
  applicantNoticeId = (await ws.outbox()).find((r) => r.to === "alice.applicant@nhs.net")!.messageId;
});
afterAll(() => ws.remove());

async function outcomeOf(raw: Buffer, messageId: string) {
  const before = (await ws.outbox()).length;
  ws.deliver(raw);
  await ws.runOnce();
  const message = (await ws.messages()).find((m) => m.messageId === messageId);
  return { outcome: message?.outcome, reasons: message?.reasons, reference: message?.requestReference, newReplies: (await ws.outbox()).slice(before) };
}

function deliveryReport(messageId: string, about: string): Buffer {
  return Buffer.from(
    [
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>",
      "To: epact2.registrations@nhsbsa.nhs.uk",
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: ${messageId}`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--b1",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.org",
      "",
      "Final-Recipient: rfc822; alice.applicant@nhs.net",
      "Action: failed",
      "Status: 5.1.1",
      "--b1",
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${about}`,
      "Subject: ePACT2 registration request authorised",
      "--b1--",
      "",
    ].join("\r\n"),
  );
}

describe("automatic mail", () => {
  it("an out-of-office reply is ignored: no reply, no notice, filed as processed", async () => {
    const raw = await buildMail({
      from: "bob.authoriser@nhs.net",
      to: "epact2.registrations@nhsbsa.nhs.uk",
      subject: "Automatic reply: ePACT2 registration authorised",
      text: "I am out of the office until Monday.",
      messageId: "<ooo-1@nhs.net>",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    const result = await outcomeOf(await signMail(raw, nhs), "<ooo-1@nhs.net>");
    expect(result).toMatchObject({ outcome: "ignored", reasons: ["AUTO_REPLY"], newReplies: [] });
  });

  it.each([
    ["Precedence: bulk", { Precedence: "bulk" }],
    ["a mailing list", { "List-Id": "<news.example.org>" }],
    ["X-Loop", { "X-Loop": "helpdesk@example.org" }],
    ["X-Auto-Response-Suppress", { "X-Auto-Response-Suppress": "All" }],
  ])("%s is ignored, even with a form attached", async (_label, headers) => {
    const id = `<auto-${Object.keys(headers)[0]}@nhs.net>`;
    const raw = await formMail({ signWith: nhs, messageId: id, values: { applicant_email: "zed@nhs.net" }, mail: { headers } });
    expect(await outcomeOf(raw, id)).toMatchObject({ outcome: "ignored", reasons: ["AUTO_REPLY"], newReplies: [] });
  });

  it("our own reply coming back is recognised by its signed Message-ID", async () => {
    const own = (await ws.outbox())[0]!;
    const raw = readFileSync(path.join(ws.home, "var", "outbox", own.file));
    expect(await outcomeOf(raw, own.messageId)).toMatchObject({ outcome: "ignored", reasons: ["OWN_MESSAGE"], newReplies: [] });
  });

  it("a forged marker (wrong signature) is not taken for ours", async () => {
    const forged = applicantNoticeId.replace(/\.[A-Za-z0-9_-]{16}@/, ".AAAAAAAAAAAAAAAA@");
    const raw = await formMail({ signWith: nhs, messageId: forged, values: { applicant_email: "yan@nhs.net" } });
    expect((await outcomeOf(raw, forged)).reasons).not.toContain("OWN_MESSAGE");
  });

  it("a delivery report about our notification is flagged and tied to the request", async () => {
    const result = await outcomeOf(deliveryReport("<dsn-ours@mx.example.org>", applicantNoticeId), "<dsn-ours@mx.example.org>");
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["REPLY_UNDELIVERABLE"], reference: requestReference });
    expect(result.newReplies.map((r) => r.to)).toEqual(["dataservicessupport@nhsbsa.nhs.uk"]);
  });

  it("a delivery report about something else is ignored", async () => {
    const result = await outcomeOf(deliveryReport("<dsn-other@mx.example.org>", "<unrelated@example.org>"), "<dsn-other@mx.example.org>");
    expect(result).toMatchObject({ outcome: "ignored", reasons: ["BOUNCE"], newReplies: [] });
  });
});

describe("reply loops", () => {
  it("an autoresponder that answers every reply without saying so is cut off by the daily cap", async () => {
    const loop = await createWorkspace([nhs], { env: { INTAKE_REPLY_CAP_PER_DAY: "3" } });
    for (let i = 0; i < 6; i++) {
      // A colleague's mailbox answering each of our rejections with the same form.
      loop.deliver(await formMail({ signWith: nhs, from: "carol.colleague@nhs.net", messageId: `<loop-${i}@nhs.net>` }));
      await loop.runOnce();
    }
    const toCarol = (await loop.outbox()).filter((r) => r.to === "carol.colleague@nhs.net");
    console.log(`reply loop: 6 messages from the autoresponder, ${toCarol.length} replies sent (cap 3 a day)`);
    expect(toCarol).toHaveLength(3);
    expect((await loop.messages()).every((m) => m.outcome === "rejected")).toBe(true);
    loop.remove();
  });
});
