// Nothing automatic is answered: autoresponders, mailing lists, delivery reports and our
// own replies coming back. Through the real pipeline on a Maildir.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail, createDkimKey, signMail, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type SentReply, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let ws: Workspace;
let requestReference: string;
let applicantNoticeId: string;
/** One of our replies from the first pass, as it would come back to us. */
let ownReply: SentReply;

/** What became of a message of the second pass: its outcome, and the replies that answer it. */
interface Result {
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly reference: string | null | undefined;
  /** Its file in the Maildir. */
  readonly file: string;
  /** Replies made in the second pass that answer this message or refer to it. */
  readonly newReplies: readonly SentReply[];
}

/** What became of each message of the second pass, by its Message-ID. */
const results = new Map<string, Result>();

/** The automatic mail the tests judge, with its Message-ID, made once the first pass has replied. */
const automaticMail: (() => Promise<{ id: string; raw: Buffer }>)[] = [];

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "auto1");
  ws = await createWorkspace([nhs]);
  ws.deliver(await formMail({ signWith: nhs, messageId: "<original-form@nhs.net>" }));
  await ws.runOnce();
  requestReference = (await ws.requests())[0]!.reference;
  const firstReplies = await ws.outbox();
  applicantNoticeId = firstReplies.find((r) => r.to === "alice.applicant@nhs.net")!.messageId;
  ownReply = firstReplies[0]!;

  // Every automatic message at once, taken in by one second pass.
  const mail = await Promise.all(automaticMail.map((make) => make()));
  const files = mail.map(({ raw }, i) => ws.deliver(raw, `${2000 + i}.automatic`));
  await ws.runOnce();
  const before = new Set(firstReplies.map((r) => r.file));
  const [messages, outbox] = await Promise.all([ws.messages(), ws.outbox()]);
  const made = outbox.filter((r) => !before.has(r.file));
  for (const [i, { id }] of mail.entries()) {
    const message = messages.find((m) => m.messageId === id);
    const newReplies = made.filter((r) => r.inReplyTo === id || r.references.includes(id));
    results.set(id, { file: files[i]!, outcome: message?.outcome, reasons: message?.reasons, reference: message?.requestReference, newReplies });
  }
});
afterAll(() => ws?.remove());

/** Adds a message to the second pass; its result is there for the test once the pass has run. */
function judged(make: () => Promise<Buffer> | Buffer, messageId: () => string): () => Result {
  automaticMail.push(async () => ({ id: messageId(), raw: await make() }));
  return () => {
    const result = results.get(messageId());
    expect(result, `no message ${messageId()} was taken in`).toBeDefined();
    return result!;
  };
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
  const outOfOffice = judged(
    async () =>
      signMail(
        await buildMail({
          from: "bob.authoriser@nhs.net",
          to: "epact2.registrations@nhsbsa.nhs.uk",
          subject: "Automatic reply: ePACT2 registration authorised",
          text: "I am out of the office until Monday.",
          messageId: "<ooo-1@nhs.net>",
          headers: { "Auto-Submitted": "auto-replied" },
        }),
        nhs,
      ),
    () => "<ooo-1@nhs.net>",
  );
  it("an out-of-office reply is ignored: no reply, no notice, filed as processed", () => {
    const result = outOfOffice();
    expect(result).toMatchObject({ outcome: "ignored", reasons: ["AUTO_REPLY"], newReplies: [] });
    expect(ws.folder("processed")).toContain(`${result.file}:2,S`);
  });

  const marked = (
    [
      ["Precedence: bulk", { Precedence: "bulk" }],
      ["a mailing list", { "List-Id": "<news.example.org>" }],
      ["X-Loop", { "X-Loop": "helpdesk@example.org" }],
      ["X-Auto-Response-Suppress", { "X-Auto-Response-Suppress": "All" }],
    ] as const
  ).map(([label, headers]) => {
    const id = `<auto-${Object.keys(headers)[0]}@nhs.net>`;
    return [label, judged(() => formMail({ signWith: nhs, messageId: id, values: { applicant_email: "zed@nhs.net" }, mail: { headers } }), () => id)] as const;
  });
  it.each(marked)("%s is ignored, even with a form attached", (_label, result) => {
    expect(result()).toMatchObject({ outcome: "ignored", reasons: ["AUTO_REPLY"], newReplies: [] });
  });

  const ownComingBack = judged(
    () => readFileSync(path.join(ws.home, "var", "outbox", ownReply.file)),
    () => ownReply.messageId,
  );
  it("our own reply coming back is recognised by its signed Message-ID", () => {
    expect(ownComingBack()).toMatchObject({ outcome: "ignored", reasons: ["OWN_MESSAGE"], newReplies: [] });
  });

  const forgedMarker = () => applicantNoticeId.replace(/\.[A-Za-z0-9_-]{16}@/, ".AAAAAAAAAAAAAAAA@");
  const forged = judged(() => formMail({ signWith: nhs, messageId: forgedMarker(), values: { applicant_email: "yan@nhs.net" } }), forgedMarker);
  it("a forged marker (wrong signature) is not taken for ours", () => {
    expect(forgedMarker()).not.toBe(applicantNoticeId);
    expect(forged().reasons).not.toContain("OWN_MESSAGE");
  });

  const aboutOurs = judged(() => deliveryReport("<dsn-ours@mx.example.org>", applicantNoticeId), () => "<dsn-ours@mx.example.org>");
  it("a delivery report about our notification is flagged and tied to the request", () => {
    const result = aboutOurs();
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["REPLY_UNDELIVERABLE"], reference: requestReference });
    expect(result.newReplies.map((r) => r.to)).toEqual(["dataservicessupport@nhsbsa.nhs.uk"]);
  });

  const aboutOther = judged(() => deliveryReport("<dsn-other@mx.example.org>", "<unrelated@example.org>"), () => "<dsn-other@mx.example.org>");
  it("a delivery report about something else is ignored", () => {
    expect(aboutOther()).toMatchObject({ outcome: "ignored", reasons: ["BOUNCE"], newReplies: [] });
  });
});

describe("reply loops", () => {
  it("an autoresponder that answers every reply without saying so is cut off by the daily cap", async () => {
    const loop = await createWorkspace([nhs], { env: { INTAKE_REPLY_CAP_PER_DAY: "3" } });
    // A colleague's mailbox answering each of our rejections with the same form: four answers
    // waiting at one pass (the cap counts the answers made earlier in the same pass), two more at
    // the next (it counts those the records keep from the pass before).
    const forms = await Promise.all(Array.from({ length: 6 }, (_, i) => formMail({ signWith: nhs, from: "carol.colleague@nhs.net", messageId: `<loop-${i}@nhs.net>` })));
    for (const batch of [forms.slice(0, 4), forms.slice(4)]) {
      for (const raw of batch) loop.deliver(raw, `${3000 + forms.indexOf(raw)}.loop`);
      await loop.runOnce();
    }
    const toCarol = (await loop.outbox()).filter((r) => r.to === "carol.colleague@nhs.net");
    console.log(`reply loop: 6 messages from the autoresponder, ${toCarol.length} replies sent (cap 3 a day)`);
    expect(toCarol).toHaveLength(3);
    expect((await loop.messages()).every((m) => m.outcome === "rejected")).toBe(true);
    loop.remove();
  });
});
