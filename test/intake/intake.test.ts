// The whole path on embedded defaults: Maildir → form → sender checks → decision →
// SQLite → .eml replies → outcome folder, with real PDFs and real DKIM signatures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSummary } from "../../src/intake/run-once.ts";
import type { MessageSummary } from "../../src/records/messages.ts";
import type { RequestSummary } from "../../src/records/requests.ts";
import { createDkimKey, buildMail, prependAuthenticationResults, signMail, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type SentReply, type Workspace } from "../support/workspace.ts";
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

/** What a workspace holds after the passes a group of tests shares, read once. */
interface Taken {
  readonly messages: readonly MessageSummary[];
  readonly requests: readonly RequestSummary[];
  readonly outbox: readonly SentReply[];
}

async function taken(ws: Workspace): Promise<Taken> {
  const [messages, requests, outbox] = await Promise.all([ws.messages(), ws.requests(), ws.outbox()]);
  return { messages, requests, outbox };
}

let delivered = 0;

/** Delivers in this order (the Maildir file names sort as delivered); returns the file's name. */
function deliverInOrder(ws: Workspace, raw: Buffer): string {
  return ws.deliver(raw, `${String(++delivered).padStart(4, "0")}.intake`);
}

/** The files of a Maildir folder that hold the messages delivered as `files`. */
function filed(names: readonly string[], files: readonly string[]): string[] {
  return names.filter((name) => files.some((file) => name.startsWith(`${file}:`)));
}

const byId = (all: Taken, id: string) => all.messages.filter((m) => m.messageId === id);
const answering = (all: Taken, id: string) => all.outbox.filter((r) => r.inReplyTo === id);
const requestsOf = (all: Taken, applicant: string) => all.requests.filter((r) => r.applicantEmail === applicant);

// The tests from "duplicates" to "forged forms open nothing" share one workspace: every message
// delivered at once and taken in by one pass (the ones that must come later, by a second), each
// test then reading what became of its own messages, by Message-ID and by an applicant of its own.
let shared: Workspace;
/** After the first pass, and after the second. */
let first: Taken;
let after: Taken;
/** The Maildir files of each test's messages. */
const files = new Map<string, string[]>();
/** What the crash test saw between the message being recorded and the next pass. */
let beforeCrashPass: { inbox: string[]; outbox: SentReply[] };

/** The sender verification tests' messages, in the order delivered. */
const verifying: [id: string, make: () => Promise<Buffer>][] = [];
/** The messages that must come after the first pass, by their key in `files`. */
const secondPass: (() => Promise<[key: string, raw: Buffer]>)[] = [];

beforeAll(async () => {
  shared = await fresh();
  const put = (key: string, raw: Buffer) => files.set(key, [...(files.get(key) ?? []), deliverInOrder(shared, raw)]);

  const [twice, firstOfResend, crash, noId, forgedFirst, self, ddaApplicant, ddaOther, ...verified] = await Promise.all([
    formMail({ signWith: nhs, messageId: "<twice@nhs.net>", values: { applicant_email: "dave.twice@nhs.net" } }),
    formMail({ signWith: nhs, messageId: "<first@nhs.net>", values: { applicant_email: "rita.resend@nhs.net" } }),
    formMail({ signWith: nhs, messageId: "<crash@nhs.net>", values: { applicant_email: "carl.crash@nhs.net" } }),
    formMail({ signWith: nhs, messageId: null, values: { applicant_email: "nora.noid@nhs.net" } }),
    formMail({ signWith: null, messageId: "<forged-first@nhs.net>", values: { applicant_email: "fiona.forged@nhs.net" } }),
    formMail({
      signWith: nhs,
      from: "Alice <alice.applicant2@nhs.net>",
      values: { authoriser_name: "Dr Alice Applicant", authoriser_email: "alice.applicant2@nhs.net" },
      messageId: "<self@nhs.net>",
    }),
    formMail({ formId: "EPACT2-DEFAULT", from: "alice.applicant@nhs.net", signWith: nhs, messageId: "<dda-applicant@nhs.net>" }),
    formMail({ formId: "EPACT2-DEFAULT", from: "bob.authoriser@nhs.net", signWith: nhs, messageId: "<dda-other@nhs.net>", values: { applicant_email: "dina.default@nhs.net" } }),
    ...verifying.map(([, make]) => make()),
  ]);
  put("twice", twice);
  put("twice", twice);
  put("first", firstOfResend);
  put("crash", crash);
  put("no-id", noId);
  put("no-id", noId);
  put("forged-first", forgedFirst);
  put("self", self);
  put("dda-applicant", ddaApplicant);
  put("dda-other", ddaOther);
  verifying.forEach(([id], i) => put(id, verified[i]!));

  // The crash: the message is recorded, then the process "dies": no delivery, no move.
  const { openIntake, closeIntake } = await import("../../src/intake/intake-context.ts");
  const { processMessage } = await import("../../src/intake/process-message.ts");
  const { loadConfig } = await import("../../src/config/config.ts");
  const { silentLogger } = await import("../../src/log/logger.ts");
  const context = await openIntake(loadConfig(shared.env), silentLogger());
  const entry = (await context.mailbox.waiting()).find((waiting) => waiting.key === files.get("crash")?.[0]);
  if (!entry) throw new Error("the crash test's message is not in the inbox");
  await processMessage(context, entry);
  await closeIntake(context);
  beforeCrashPass = { inbox: shared.inbox(), outbox: await shared.outbox() };

  await shared.runOnce();
  first = await taken(shared);
  for (const [key, raw] of await Promise.all(secondPass.map((make) => make()))) put(key, raw);
  await shared.runOnce();
  after = await taken(shared);
});
afterAll(() => shared?.remove());

describe("duplicates", () => {
  it("the same email delivered twice makes one request and one set of replies", () => {
    expect(requestsOf(after, "dave.twice@nhs.net")).toHaveLength(1);
    expect(byId(after, "<twice@nhs.net>")).toHaveLength(1);
    expect(answering(after, "<twice@nhs.net>")).toHaveLength(2);
    expect(files.get("twice")).toHaveLength(2);
    expect(filed(shared.folder("processed"), files.get("twice")!)).toHaveLength(2);
  });

  secondPass.push(async () => ["resent", await formMail({ signWith: nhs, messageId: "<resent@nhs.net>", values: { applicant_email: "rita.resend@nhs.net" } })]);
  it("a resend of an accepted request is a duplicate: no second request, the sender told the reference", () => {
    const requests = requestsOf(after, "rita.resend@nhs.net");
    expect(requests).toHaveLength(1);
    expect(byId(first, "<first@nhs.net>")).toMatchObject([{ outcome: "accepted" }]);
    expect(byId(after, "<resent@nhs.net>")).toMatchObject([
      {
        messageId: "<resent@nhs.net>",
        outcome: "duplicate",
        reasons: ["DUPLICATE_REQUEST"],
        requestReference: requests[0]?.reference,
      },
    ]);
    const notices = answering(after, "<resent@nhs.net>");
    expect(notices.map((r) => r.to)).toEqual(["bob.authoriser@nhs.net"]);
    expect(notices[0]?.subject).toContain(requests[0]?.reference);
  });

  it("a message recorded before a crash is filed on the next pass without deciding or replying again", () => {
    const crash = files.get("crash")!;
    expect(beforeCrashPass.inbox).toEqual(expect.arrayContaining(crash));
    expect(beforeCrashPass.outbox).toHaveLength(0);

    expect(requestsOf(after, "carl.crash@nhs.net")).toHaveLength(1);
    expect(byId(after, "<crash@nhs.net>")).toHaveLength(1);
    expect(answering(after, "<crash@nhs.net>")).toHaveLength(2);
    expect(filed(shared.folder("processed"), crash)).toHaveLength(1);
  });
});

describe("sender verification", () => {
  /** Adds a message to the shared pass; what became of it is there for the test once the pass has run. */
  function verification(id: string, make: () => Promise<Buffer>): () => { outcome: string | null; reasons: string[]; to: string[] } {
    verifying.push([id, make]);
    return () => {
      const [message, ...more] = byId(after, id);
      expect(message, `no message ${id} was taken in`).toBeDefined();
      expect(more).toEqual([]);
      return { outcome: message!.outcome, reasons: message!.reasons, to: answering(after, id).map((r) => r.to).sort() };
    };
  }

  const unsigned = verification("<unsigned@nhs.net>", () => formMail({ signWith: null, messageId: "<unsigned@nhs.net>" }));
  it("an unsigned form is flagged and only the support team hears of it", () => {
    expect(unsigned()).toEqual({ outcome: "flagged", reasons: ["SENDER_UNVERIFIED"], to: ["dataservicessupport@nhsbsa.nhs.uk"] });
  });

  const otherKey = verification("<other-key@nhs.net>", () => formMail({ signWith: other, messageId: "<other-key@nhs.net>" }));
  it("a form signed by another domain's key is unverified", () => {
    expect(otherKey()).toEqual({ outcome: "flagged", reasons: ["SENDER_UNVERIFIED"], to: ["dataservicessupport@nhsbsa.nhs.uk"] });
  });

  const forgedAr = verification("<forged-ar@nhs.net>", async () => {
    const raw = await formMail({ signWith: null, messageId: "<forged-ar@nhs.net>" });
    return prependAuthenticationResults(raw, "mx.attacker.example; dmarc=pass header.from=nhs.net");
  });
  it("a forged Authentication-Results from an unlisted authserv-id is not evidence", () => {
    expect(forgedAr().reasons).toEqual(["SENDER_UNVERIFIED"]);
  });

  const secondAr = verification("<second-ar@nhs.net>", async () => {
    const raw = await formMail({ signWith: null, messageId: "<second-ar@nhs.net>" });
    const planted = prependAuthenticationResults(raw, "mx.nhsbsa.test; dmarc=pass header.from=nhs.net");
    return prependAuthenticationResults(planted, "mx.nhsbsa.test; dmarc=fail header.from=nhs.net");
  });
  it("an Authentication-Results below the trusted topmost one is never read", () => {
    expect(secondAr().reasons).toEqual(["SENDER_UNVERIFIED"]);
  });

  const trustedAr = verification("<trusted-ar@nhs.net>", async () => {
    const raw = await formMail({ signWith: null, messageId: "<trusted-ar@nhs.net>" });
    return prependAuthenticationResults(raw, "mx.nhsbsa.test; dmarc=pass (p=reject) header.from=nhs.net");
  });
  it("a trusted topmost Authentication-Results with aligned dmarc=pass verifies the sender", () => {
    expect(trustedAr()).toEqual({
      outcome: "accepted",
      reasons: [],
      to: ["alice.applicant@nhs.net", "bob.authoriser@nhs.net"],
    });
  });

  const otherDomain = verification("<other-domain@example.org>", () =>
    formMail({
      signWith: other,
      from: "Bob <bob.authoriser@example.org>",
      values: { authoriser_email: "bob.authoriser@example.org" },
      messageId: "<other-domain@example.org>",
    }),
  );
  it("a verified sender outside nhs.net is rejected, and told why", () => {
    expect(otherDomain()).toEqual({
      outcome: "rejected",
      reasons: ["SENDER_DOMAIN_NOT_ALLOWED"],
      to: ["bob.authoriser@example.org"],
    });
  });

  const carol = verification("<carol@nhs.net>", () => formMail({ signWith: nhs, from: "Carol <carol.colleague@nhs.net>", messageId: "<carol@nhs.net>" }));
  it("a verified nhs.net sender who is not the named authoriser is rejected", () => {
    expect(carol()).toEqual({ outcome: "rejected", reasons: ["SENDER_NOT_AUTHORISER"], to: ["carol.colleague@nhs.net"] });
    const reply = after.outbox.find((r) => r.inReplyTo === "<carol@nhs.net>");
    expect(reply?.text).toContain("authoriser named on it");
  });

  const displayName = verification("<display-name@nhs.net>", () =>
    formMail({
      signWith: nhs,
      from: '"bob.authoriser@nhs.net" <alice.applicant@nhs.net>',
      values: { applicant_email: "alice.applicant@nhs.net" },
      messageId: "<display-name@nhs.net>",
    }),
  );
  it("the display name proves nothing: an applicant writing as the authoriser is not the authoriser", () => {
    expect(displayName().reasons).toEqual(["SENDER_NOT_AUTHORISER"]);
  });
});

describe("self-authorisation", () => {
  it("rejects a form authorised by the applicant and tells both addresses", () => {
    const messages = byId(after, "<self@nhs.net>");
    expect(messages).toMatchObject([{ outcome: "rejected", reasons: ["SELF_AUTHORISATION"] }]);
    const replies = answering(after, "<self@nhs.net>");
    expect(replies.map((r) => r.to).sort()).toEqual(["alice.applicant2@nhs.net", "alice.applicant@nhs.net"]);
    for (const reply of replies) expect(reply.text.replace(/\s+/g, " ")).toContain("same person who is requesting access");
    expect(filed(shared.folder("rejected"), files.get("self")!)).toHaveLength(1);
    expect(after.requests.find((r) => r.reference === messages[0]?.requestReference)?.status).toBe("rejected");
  });
});

describe("Default Dashboard Access", () => {
  it("is accepted from the applicant, with no authoriser", () => {
    expect(after.requests.filter((r) => r.formId === "EPACT2-DEFAULT" && r.applicantEmail === "alice.applicant@nhs.net")).toMatchObject([
      { formId: "EPACT2-DEFAULT", status: "authorised", authoriserEmail: null },
    ]);
    expect(answering(after, "<dda-applicant@nhs.net>").map((r) => r.to)).toEqual(["alice.applicant@nhs.net"]);
  });

  it("is flagged when someone else sends it", () => {
    expect(byId(after, "<dda-other@nhs.net>")).toMatchObject([{ outcome: "flagged", reasons: ["SENDER_NOT_APPLICANT"] }]);
    expect(answering(after, "<dda-other@nhs.net>").map((r) => r.to).sort()).toEqual(["bob.authoriser@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
    expect(filed(shared.folder("exceptions"), files.get("dda-other")!)).toHaveLength(1);
  });
});

describe("a message without a Message-ID", () => {
  it("gets one from a hash of its content, and a redelivery is still recognised", () => {
    // The only message of the shared workspace without a Message-ID, delivered twice.
    const messages = after.messages.filter((m) => m.messageId.endsWith("@intake.invalid>"));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.messageId).toMatch(/^<[0-9a-f]{64}@intake\.invalid>$/);
    expect(requestsOf(after, "nora.noid@nhs.net")).toHaveLength(1);
    expect(filed(shared.folder("processed"), files.get("no-id")!)).toHaveLength(2);
  });
});

describe("forged forms open nothing", () => {
  secondPass.push(async () => ["genuine", await formMail({ signWith: nhs, messageId: "<genuine@nhs.net>", values: { applicant_email: "fiona.forged@nhs.net" } })]);
  it("an unverified copy of a form does not make the real one a duplicate", () => {
    expect(requestsOf(first, "fiona.forged@nhs.net")).toEqual([]);
    expect([...byId(after, "<forged-first@nhs.net>"), ...byId(after, "<genuine@nhs.net>")].map((m) => m.outcome)).toEqual(["flagged", "accepted"]);
    expect(requestsOf(after, "fiona.forged@nhs.net")).toMatchObject([{ status: "authorised" }]);
  });
});

describe("forms that cannot be accepted", () => {
  let ws: Workspace;
  let summary: RunSummary;
  let all: Taken;
  /** The Maildir file of each message, by Message-ID. */
  const sentFiles = new Map<string, string>();
  type Attachment = { filename: string; content: Buffer; contentType: string };
  const sending: [id: string, attachments: () => Attachment[] | Promise<Attachment[]>][] = [];
  /** Alice's GP form, made once for the tests that only need some form of ours. */
  let gpForm: Promise<Uint8Array> | undefined;
  const aForm = async () => (await (gpForm ??= formPdf("EPACT2-GP"))).slice();

  // Every message delivered at once and taken in by one pass; each test reads what became of its own.
  beforeAll(async () => {
    ws = await fresh({ INTAKE_MAX_ATTACHMENT_BYTES: String(5 * 1024 * 1024), INTAKE_MAX_MESSAGE_BYTES: String(100 * 1024 * 1024) });
    const mail = await Promise.all(
      sending.map(async ([id, attachments]) => {
        const raw = await buildMail({
          from: "Dr Bob Authoriser <bob.authoriser@nhs.net>",
          to: "dataservicessupport@nhsbsa.nhs.uk",
          subject: "form",
          text: "attached",
          attachments: await attachments(),
          messageId: id,
        });
        return [id, await signMail(raw, nhs)] as const;
      }),
    );
    for (const [id, raw] of mail) sentFiles.set(id, deliverInOrder(ws, raw));
    sentFiles.set("<broken@nhs.net>", deliverInOrder(ws, brokenMime));
    summary = await ws.runOnce();
    all = await taken(ws);
  });
  afterAll(() => ws?.remove());

  /** Adds a message to the pass; what became of it is there for the test once the pass has run. */
  function send(attachments: () => Attachment[] | Promise<Attachment[]>, id: string) {
    sending.push([id, attachments]);
    return () => {
      const message = all.messages.find((m) => m.messageId === id);
      const replies = answering(all, id);
      return { outcome: message?.outcome, reasons: message?.reasons, to: replies.map((r) => r.to).sort(), replies };
    };
  }
  const pdf = (content: Buffer | Uint8Array, filename = "form.pdf") => ({
    filename,
    content: Buffer.from(content),
    contentType: "application/pdf",
  });

  const none = send(() => [], "<none@nhs.net>");
  it("no attachment: flagged as FORM_MISSING, support notified, sender acknowledged", () => {
    const result = none();
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["FORM_MISSING"] });
    expect(result.to).toEqual(["bob.authoriser@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
  });

  const truncated = send(async () => {
    const whole = await aForm();
    return [pdf(whole.subarray(0, Math.floor(whole.length / 2)))];
  }, "<truncated@nhs.net>");
  it("a truncated PDF is unreadable", () => {
    expect(truncated()).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  const encrypted = send(async () => [pdf(await encryptPdf(await aForm(), { user: "secret", owner: "owner" }))], "<encrypted@nhs.net>");
  it("a password-protected PDF is unreadable", () => {
    expect(encrypted()).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  const scan = send(async () => [pdf(await imageOnlyPdf())], "<scan@nhs.net>");
  it("an image-only scan is unreadable", () => {
    expect(scan()).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  const invoice = send(async () => [pdf(await invoicePdf(), "invoice.pdf")], "<invoice@nhs.net>");
  it("a PDF that is not one of our forms is rejected as FORM_UNKNOWN, with where to get the forms", () => {
    const result = invoice();
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["FORM_UNKNOWN"], to: ["bob.authoriser@nhs.net"] });
    expect(result.replies[0]?.text).toContain("https://www.nhsbsa.nhs.uk/");
  });

  const flattened = send(async () => [pdf(await formPdf("EPACT2-GP", { applicant_email: "fran.flat@nhs.net" }, true))], "<flattened@nhs.net>");
  it("a flattened (printed) form is read from its text and accepted", () => {
    expect(flattened()).toMatchObject({ outcome: "accepted", reasons: [] });
  });

  const empty = send(() => [pdf(Buffer.alloc(0))], "<empty@nhs.net>");
  it("a 0-byte attachment is unreadable", () => {
    expect(empty()).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  const notPdf = send(() => [pdf(Buffer.from("Dear support, please register me.\n"))], "<not-pdf@nhs.net>");
  it("a .pdf that is not a PDF is unreadable", () => {
    expect(notPdf()).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"] });
  });

  const big = send(() => {
    const content = Buffer.alloc(30 * 1024 * 1024, 0x41);
    content.write("%PDF-1.7\n", 0, "latin1");
    return [pdf(content)];
  }, "<big@nhs.net>");
  it("a 30 MB attachment is too large and not parsed", () => {
    expect(big()).toMatchObject({ outcome: "flagged", reasons: ["FORM_TOO_LARGE"] });
  });

  const invalid = send(
    async () => [pdf(await formPdf("EPACT2-GP", { applicant_email: "", organisation_code: "", authoriser_declaration: false }))],
    "<invalid@nhs.net>",
  );
  it("a form with missing fields is rejected with every field named", () => {
    const result = invalid();
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["FORM_INVALID"], to: ["bob.authoriser@nhs.net"] });
    const text = result.replies[0]?.text ?? "";
    expect(text).toMatch(/Applicant email/i);
    expect(text).toMatch(/Organisation code/i);
    expect(text).toMatch(/declaration/i);
    expect(filed(ws.folder("rejected"), [sentFiles.get("<invalid@nhs.net>")!])).toHaveLength(1);
  });

  const two = send(async () => [pdf(await aForm(), "a.pdf"), pdf(await formPdf("EPACT2-PCN"), "b.pdf")], "<two@nhs.net>");
  it("two forms in one email are rejected", () => {
    expect(two()).toMatchObject({
      outcome: "rejected",
      reasons: ["FORM_MULTIPLE"],
    });
  });

  const beside = send(async () => {
    const form = await formPdf("EPACT2-GP", { applicant_email: "dora.beside@nhs.net" });
    return [{ filename: "signature.png", content: Buffer.from("89504e47", "hex"), contentType: "image/png" }, pdf(form)];
  }, "<beside@nhs.net>");
  it("the form is found beside other attachments", () => {
    expect(beside()).toMatchObject({ outcome: "accepted", reasons: [] });
  });

  const brokenMime = Buffer.from(
    'From: bob.authoriser@nhs.net\r\nTo: support@nhsbsa.nhs.uk\r\nMessage-ID: <broken@nhs.net>\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64%%%\r\n--zz',
  );
  it("broken MIME does not stop the run", () => {
    expect(summary.leftInInbox).toBe(0);
    const message = all.messages.find((m) => m.messageId === "<broken@nhs.net>");
    expect(message?.outcome).toBe("flagged");
    expect(ws.inbox()).toEqual([]);
  });

  it("every flagged message produced exactly one support notice", () => {
    const flagged = all.messages.filter((m) => m.outcome === "flagged");
    const notices = all.outbox.filter((r) => r.to === "dataservicessupport@nhsbsa.nhs.uk");
    expect(notices.map((n) => n.inReplyTo).sort()).toEqual(flagged.map((m) => m.messageId).sort());
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
