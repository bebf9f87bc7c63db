// The whole path on embedded defaults: Maildir → form → sender checks → decision →
// SQLite → .eml replies → outcome folder, with real PDFs and real DKIM signatures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey, buildMail, prependAuthenticationResults, signMail, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { encryptPdf } from "../forms/support/encrypt-pdf.ts";
import { imageOnlyPdf, invoicePdf } from "../forms/support/other-pdfs.ts";
import { formMail, formPdf } from "./form-mail.ts";

let nhs: DkimKey;
let other: DkimKey;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "intake1");
  other = await createDkimKey("example.org", "intake1");
});

function fresh(extraEnv: Record<string, string> = {}): Promise<Workspace> {
  return createWorkspace([nhs, other], { env: { INTAKE_TRUSTED_AUTHSERV_IDS: "mx.nhsbsa.test", ...extraEnv } });
}

describe("an authorised form from its authoriser", () => {
  let ws: Workspace;
  let originalId: string;
  beforeAll(async () => {
    ws = await fresh();
    const raw = await formMail({ signWith: nhs, messageId: "<gp-form-1@nhs.net>" });
    originalId = "<gp-form-1@nhs.net>";
    ws.deliver(raw);
    await ws.runOnce();
  });
  afterAll(() => ws.remove());

  it("records the request as authorised", async () => {
    const [request, ...more] = await ws.requests();
    expect(more).toEqual([]);
    expect(request).toMatchObject({
      status: "authorised",
      formId: "EPACT2-GP",
      applicantEmail: "alice.applicant@nhs.net",
      authoriserEmail: "bob.authoriser@nhs.net",
      reasons: [],
    });
    expect(request?.reference).toMatch(/^EP2-[0-9A-Z]{8}$/);
  });

  it("lists the message as accepted with its request", async () => {
    const [request] = await ws.requests();
    expect(await ws.messages()).toMatchObject([
      { messageId: originalId, outcome: "accepted", reasons: [], requestReference: request?.reference },
    ]);
  });

  it("confirms to the authoriser and notifies the applicant, threaded and marked automatic", async () => {
    const [request] = await ws.requests();
    const replies = await ws.outbox();
    expect(replies.map((r) => r.to).sort()).toEqual(["alice.applicant@nhs.net", "bob.authoriser@nhs.net"]);
    for (const reply of replies) {
      expect(reply.subject).toContain(request?.reference);
      expect(reply.inReplyTo).toBe(originalId);
      expect(reply.references).toContain(originalId);
      expect(reply.autoSubmitted).toBe("auto-replied");
    }
    expect(replies.find((r) => r.to === "alice.applicant@nhs.net")?.text).toMatch(/authorised by Dr Bob Authoriser/);
  });

  it("files the message in .Processed and leaves the inbox empty", () => {
    expect(ws.inbox()).toEqual([]);
    expect(ws.folder("processed")).toHaveLength(1);
  });

  it("does nothing more on a second pass", async () => {
    const summary = await ws.runOnce();
    expect(summary.messages).toBe(0);
    expect(await ws.outbox()).toHaveLength(2);
  });
});

describe("duplicates", () => {
  it("the same email delivered twice makes one request and one set of replies", async () => {
    const ws = await fresh();
    const raw = await formMail({ signWith: nhs, messageId: "<twice@nhs.net>" });
    ws.deliver(raw);
    ws.deliver(raw);
    await ws.runOnce();
    expect(await ws.requests()).toHaveLength(1);
    expect(await ws.messages()).toHaveLength(1);
    expect(await ws.outbox()).toHaveLength(2);
    expect(ws.folder("processed")).toHaveLength(2);
    ws.remove();
  });

  it("a resend of an accepted request is a duplicate: no second request, the sender told the reference", async () => {
    const ws = await fresh();
    ws.deliver(await formMail({ signWith: nhs, messageId: "<first@nhs.net>" }));
    await ws.runOnce();
    ws.deliver(await formMail({ signWith: nhs, messageId: "<resent@nhs.net>" }));
    await ws.runOnce();
    const requests = await ws.requests();
    expect(requests).toHaveLength(1);
    const messages = await ws.messages();
    expect(messages[1]).toMatchObject({
      messageId: "<resent@nhs.net>",
      outcome: "duplicate",
      reasons: ["DUPLICATE_REQUEST"],
      requestReference: requests[0]?.reference,
    });
    const notices = (await ws.outbox()).filter((r) => r.inReplyTo === "<resent@nhs.net>");
    expect(notices.map((r) => r.to)).toEqual(["bob.authoriser@nhs.net"]);
    expect(notices[0]?.subject).toContain(requests[0]?.reference);
    ws.remove();
  });

  it("a message recorded before a crash is filed on the next pass without deciding or replying again", async () => {
    const ws = await fresh();
    ws.deliver(await formMail({ signWith: nhs, messageId: "<crash@nhs.net>" }));
    const { openIntake, closeIntake } = await import("../../src/intake/intake-context.ts");
    const { processMessage } = await import("../../src/intake/process-message.ts");
    const { loadConfig } = await import("../../src/config/config.ts");
    const { silentLogger } = await import("../../src/log/logger.ts");
    const context = await openIntake(loadConfig(ws.env), silentLogger());
    const [entry] = await context.mailbox.waiting();
    await processMessage(context, entry!); // recorded; then the process "dies": no delivery, no move
    await closeIntake(context);
    expect(ws.inbox()).toHaveLength(1);
    expect(await ws.outbox()).toHaveLength(0);

    await ws.runOnce();
    expect(await ws.requests()).toHaveLength(1);
    expect(await ws.messages()).toHaveLength(1);
    expect(await ws.outbox()).toHaveLength(2);
    expect(ws.folder("processed")).toHaveLength(1);
    ws.remove();
  });
});

describe("sender verification", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await fresh();
  });
  afterAll(() => ws.remove());

  async function outcomeOf(raw: Buffer): Promise<{ outcome: string | null; reasons: string[]; to: string[] }> {
    ws.deliver(raw);
    await ws.runOnce();
    const messages = await ws.messages();
    const last = messages[messages.length - 1]!;
    const replies = (await ws.outbox()).filter((r) => r.inReplyTo === last.messageId);
    return { outcome: last.outcome, reasons: last.reasons, to: replies.map((r) => r.to).sort() };
  }

  it("an unsigned form is flagged and only the support team hears of it", async () => {
    const result = await outcomeOf(await formMail({ signWith: null, messageId: "<unsigned@nhs.net>" }));
    expect(result).toEqual({ outcome: "flagged", reasons: ["SENDER_UNVERIFIED"], to: ["dataservicessupport@nhsbsa.nhs.uk"] });
  });

  it("a form signed by another domain's key is unverified", async () => {
    const result = await outcomeOf(await formMail({ signWith: other, messageId: "<other-key@nhs.net>" }));
    expect(result).toEqual({ outcome: "flagged", reasons: ["SENDER_UNVERIFIED"], to: ["dataservicessupport@nhsbsa.nhs.uk"] });
  });

  it("a forged Authentication-Results from an unlisted authserv-id is not evidence", async () => {
    const raw = await formMail({ signWith: null, messageId: "<forged-ar@nhs.net>" });
    const forged = prependAuthenticationResults(raw, "mx.attacker.example; dmarc=pass header.from=nhs.net");
    expect((await outcomeOf(forged)).reasons).toEqual(["SENDER_UNVERIFIED"]);
  });

  it("an Authentication-Results below the trusted topmost one is never read", async () => {
    const raw = await formMail({ signWith: null, messageId: "<second-ar@nhs.net>" });
    const planted = prependAuthenticationResults(raw, "mx.nhsbsa.test; dmarc=pass header.from=nhs.net");
    const received = prependAuthenticationResults(planted, "mx.nhsbsa.test; dmarc=fail header.from=nhs.net");
    expect((await outcomeOf(received)).reasons).toEqual(["SENDER_UNVERIFIED"]);
  });

  it("a trusted topmost Authentication-Results with aligned dmarc=pass verifies the sender", async () => {
    const raw = await formMail({ signWith: null, messageId: "<trusted-ar@nhs.net>" });
    const received = prependAuthenticationResults(raw, "mx.nhsbsa.test; dmarc=pass (p=reject) header.from=nhs.net");
    expect(await outcomeOf(received)).toEqual({
      outcome: "accepted",
      reasons: [],
      to: ["alice.applicant@nhs.net", "bob.authoriser@nhs.net"],
    });
  });

  it("a verified sender outside nhs.net is rejected, and told why", async () => {
    const raw = await formMail({
      signWith: other,
      from: "Bob <bob.authoriser@example.org>",
      values: { authoriser_email: "bob.authoriser@example.org" },
      messageId: "<other-domain@example.org>",
    });
    expect(await outcomeOf(raw)).toEqual({
      outcome: "rejected",
      reasons: ["SENDER_DOMAIN_NOT_ALLOWED"],
      to: ["bob.authoriser@example.org"],
    });
  });

  it("a verified nhs.net sender who is not the named authoriser is rejected", async () => {
    const raw = await formMail({ signWith: nhs, from: "Carol <carol.colleague@nhs.net>", messageId: "<carol@nhs.net>" });
    const result = await outcomeOf(raw);
    expect(result).toEqual({ outcome: "rejected", reasons: ["SENDER_NOT_AUTHORISER"], to: ["carol.colleague@nhs.net"] });
    const reply = (await ws.outbox()).find((r) => r.inReplyTo === "<carol@nhs.net>");
    expect(reply?.text).toContain("authoriser named on it");
  });

  it("the display name proves nothing: an applicant writing as the authoriser is not the authoriser", async () => {
    const raw = await formMail({
      signWith: nhs,
      from: '"bob.authoriser@nhs.net" <alice.applicant@nhs.net>',
      values: { applicant_email: "alice.applicant@nhs.net" },
      messageId: "<display-name@nhs.net>",
    });
    expect((await outcomeOf(raw)).reasons).toEqual(["SENDER_NOT_AUTHORISER"]);
  });
});

describe("self-authorisation", () => {
  it("rejects a form authorised by the applicant and tells both addresses", async () => {
    const ws = await fresh();
    ws.deliver(
      await formMail({
        signWith: nhs,
        from: "Alice <alice.applicant2@nhs.net>",
        values: { authoriser_name: "Dr Alice Applicant", authoriser_email: "alice.applicant2@nhs.net" },
        messageId: "<self@nhs.net>",
      }),
    );
    await ws.runOnce();
    expect(await ws.messages()).toMatchObject([{ outcome: "rejected", reasons: ["SELF_AUTHORISATION"] }]);
    const replies = await ws.outbox();
    expect(replies.map((r) => r.to).sort()).toEqual(["alice.applicant2@nhs.net", "alice.applicant@nhs.net"]);
    for (const reply of replies) expect(reply.text.replace(/\s+/g, " ")).toContain("same person who is requesting access");
    expect(ws.folder("rejected")).toHaveLength(1);
    expect((await ws.requests())[0]?.status).toBe("rejected");
    ws.remove();
  });
});

describe("Default Dashboard Access", () => {
  it("is accepted from the applicant, with no authoriser", async () => {
    const ws = await fresh();
    ws.deliver(await formMail({ formId: "EPACT2-DEFAULT", from: "alice.applicant@nhs.net", signWith: nhs }));
    await ws.runOnce();
    expect(await ws.requests()).toMatchObject([{ formId: "EPACT2-DEFAULT", status: "authorised", authoriserEmail: null }]);
    expect((await ws.outbox()).map((r) => r.to)).toEqual(["alice.applicant@nhs.net"]);
    ws.remove();
  });

  it("is flagged when someone else sends it", async () => {
    const ws = await fresh();
    ws.deliver(await formMail({ formId: "EPACT2-DEFAULT", from: "bob.authoriser@nhs.net", signWith: nhs }));
    await ws.runOnce();
    expect(await ws.messages()).toMatchObject([{ outcome: "flagged", reasons: ["SENDER_NOT_APPLICANT"] }]);
    expect((await ws.outbox()).map((r) => r.to).sort()).toEqual(["bob.authoriser@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
    expect(ws.folder("exceptions")).toHaveLength(1);
    ws.remove();
  });
});

describe("forms that cannot be accepted", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await fresh({ INTAKE_MAX_ATTACHMENT_BYTES: String(5 * 1024 * 1024), INTAKE_MAX_MESSAGE_BYTES: String(100 * 1024 * 1024) });
  });
  afterAll(() => ws.remove());

  async function send(attachments: { filename: string; content: Buffer; contentType: string }[], id: string) {
    const raw = await buildMail({
      from: "Dr Bob Authoriser <bob.authoriser@nhs.net>",
      to: "dataservicessupport@nhsbsa.nhs.uk",
      subject: "form",
      text: "attached",
      attachments,
      messageId: id,
    });
    ws.deliver(await signMail(raw, nhs));
    await ws.runOnce();
    const message = (await ws.messages()).find((m) => m.messageId === id);
    const replies = (await ws.outbox()).filter((r) => r.inReplyTo === id);
    return { outcome: message?.outcome, reasons: message?.reasons, to: replies.map((r) => r.to).sort(), replies };
  }
  const pdf = (content: Buffer | Uint8Array, filename = "form.pdf") => ({
    filename,
    content: Buffer.from(content),
    contentType: "application/pdf",
  });

  it("no attachment: flagged as FORM_MISSING, support notified, sender acknowledged", async () => {
    const result = await send([], "<none@nhs.net>");
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["FORM_MISSING"] });
    expect(result.to).toEqual(["bob.authoriser@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
  });

  it("a truncated PDF is unreadable", async () => {
    const whole = await formPdf("EPACT2-GP");
    const result = await send([pdf(whole.subarray(0, Math.floor(whole.length / 2)))], "<truncated@nhs.net>");
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  it("a password-protected PDF is unreadable", async () => {
    const locked = await encryptPdf(await formPdf("EPACT2-GP"), { user: "secret", owner: "owner" });
    expect(await send([pdf(locked)], "<encrypted@nhs.net>")).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  it("an image-only scan is unreadable", async () => {
    expect(await send([pdf(await imageOnlyPdf())], "<scan@nhs.net>")).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  it("a PDF that is not one of our forms is rejected as FORM_UNKNOWN, with where to get the forms", async () => {
    const result = await send([pdf(await invoicePdf(), "invoice.pdf")], "<invoice@nhs.net>");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["FORM_UNKNOWN"], to: ["bob.authoriser@nhs.net"] });
    expect(result.replies[0]?.text).toContain("https://www.nhsbsa.nhs.uk/");
  });

  it("a flattened (printed) form is read from its text and accepted", async () => {
    const flat = await formPdf("EPACT2-GP", { applicant_email: "fran.flat@nhs.net" }, true);
    expect(await send([pdf(flat)], "<flattened@nhs.net>")).toMatchObject({ outcome: "accepted", reasons: [] });
  });

  it("a 0-byte attachment is unreadable", async () => {
    expect(await send([pdf(Buffer.alloc(0))], "<empty@nhs.net>")).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  it("a .pdf that is not a PDF is unreadable", async () => {
    const result = await send([pdf(Buffer.from("Dear support, please register me.\n"))], "<not-pdf@nhs.net>");
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  it("a 30 MB attachment is too large and not parsed", async () => {
    const big = Buffer.alloc(30 * 1024 * 1024, 0x41);
    big.write("%PDF-1.7\n", 0, "latin1");
    expect(await send([pdf(big)], "<big@nhs.net>")).toMatchObject({ outcome: "flagged", reasons: ["FORM_TOO_LARGE"] });
  });

  it("a form with missing fields is rejected with every field named", async () => {
    const bad = await formPdf("EPACT2-GP", { applicant_email: "", organisation_code: "", authoriser_declaration: false });
    const result = await send([pdf(bad)], "<invalid@nhs.net>");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["FORM_INVALID"], to: ["bob.authoriser@nhs.net"] });
    const text = result.replies[0]?.text ?? "";
    expect(text).toMatch(/Applicant email/i);
    expect(text).toMatch(/Organisation code/i);
    expect(text).toMatch(/declaration/i);
    expect(ws.folder("rejected").length).toBeGreaterThan(0);
  });

  it("two forms in one email are rejected", async () => {
    const one = await formPdf("EPACT2-GP");
    const two = await formPdf("EPACT2-PCN");
    expect(await send([pdf(one, "a.pdf"), pdf(two, "b.pdf")], "<two@nhs.net>")).toMatchObject({
      outcome: "rejected",
      reasons: ["FORM_MULTIPLE"],
    });
  });

  it("the form is found beside other attachments", async () => {
    const form = await formPdf("EPACT2-GP", { applicant_email: "dora.beside@nhs.net" });
    const result = await send(
      [{ filename: "signature.png", content: Buffer.from("89504e47", "hex"), contentType: "image/png" }, pdf(form)],
      "<beside@nhs.net>",
    );
    expect(result).toMatchObject({ outcome: "accepted", reasons: [] });
  });

  it("broken MIME does not stop the run", async () => {
    const raw = Buffer.from(
      'From: bob.authoriser@nhs.net\r\nTo: support@nhsbsa.nhs.uk\r\nMessage-ID: <broken@nhs.net>\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64%%%\r\n--zz',
    );
    ws.deliver(raw);
    const summary = await ws.runOnce();
    expect(summary.leftInInbox).toBe(0);
    const message = (await ws.messages()).find((m) => m.messageId === "<broken@nhs.net>");
    expect(message?.outcome).toBe("flagged");
    expect(ws.inbox()).toEqual([]);
  });

  it("every flagged message produced exactly one support notice", async () => {
    const flagged = (await ws.messages()).filter((m) => m.outcome === "flagged");
    const notices = (await ws.outbox()).filter((r) => r.to === "dataservicessupport@nhsbsa.nhs.uk");
    expect(notices.map((n) => n.inReplyTo).sort()).toEqual(flagged.map((m) => m.messageId).sort());
  });
});

describe("a message without a Message-ID", () => {
  it("gets one from a hash of its content, and a redelivery is still recognised", async () => {
    const ws = await fresh();
    const raw = await formMail({ signWith: nhs, messageId: null });
    ws.deliver(raw);
    ws.deliver(raw);
    await ws.runOnce();
    const messages = await ws.messages();
    expect(messages).toHaveLength(1);
    expect(messages[0]?.messageId).toMatch(/^<[0-9a-f]{64}@intake\.invalid>$/);
    expect(await ws.requests()).toHaveLength(1);
    ws.remove();
  });
});

describe("forged forms open nothing", () => {
  it("an unverified copy of a form does not make the real one a duplicate", async () => {
    const ws = await fresh();
    ws.deliver(await formMail({ signWith: null, messageId: "<forged-first@nhs.net>" }));
    await ws.runOnce();
    expect(await ws.requests()).toEqual([]);
    ws.deliver(await formMail({ signWith: nhs, messageId: "<genuine@nhs.net>" }));
    await ws.runOnce();
    expect((await ws.messages()).map((m) => m.outcome)).toEqual(["flagged", "accepted"]);
    expect(await ws.requests()).toMatchObject([{ status: "authorised" }]);
    ws.remove();
  });
});

describe("a message over the size limit", () => {
  it("is referred on its header alone and moved out of the inbox, and a second pass files it again without a second notice", async () => {
    const ws = await fresh({ INTAKE_MAX_MESSAGE_BYTES: String(1024 * 1024) });
    const big = Buffer.alloc(2 * 1024 * 1024, 0x41);
    const raw = await buildMail({
      from: "bob.authoriser@nhs.net",
      to: "dataservicessupport@nhsbsa.nhs.uk",
      subject: "scans",
      text: "attached",
      attachments: [{ filename: "scan.pdf", content: big, contentType: "application/pdf" }],
      messageId: "<huge@nhs.net>",
    });
    ws.deliver(raw);
    await ws.runOnce();
    expect(await ws.messages()).toMatchObject([{ messageId: "<huge@nhs.net>", outcome: "flagged", reasons: ["MESSAGE_TOO_LARGE"] }]);
    expect((await ws.outbox()).map((r) => r.to)).toEqual(["dataservicessupport@nhsbsa.nhs.uk"]);
    expect(ws.inbox()).toEqual([]);
    expect(ws.folder("exceptions")).toHaveLength(1);
    ws.deliver(raw);
    await ws.runOnce();
    expect(await ws.outbox()).toHaveLength(1);
    ws.remove();
  });
});
