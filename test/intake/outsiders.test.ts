// What outsiders can make the service do, through the real pipeline: signed forms in the
// Maildir, the intake, SQLite and the .eml outbox. An outsider is anyone whose mail is
// DKIM-signed for a domain of their own (any webmail account), or a verified nhs.net address
// that is not the person a request belongs to. None of them may get mail sent to a third
// party, use up a person's reply cap, block a genuine request, learn of someone else's
// request, or take one over by a reply.
//
// The tests share passes: every test's first messages are taken in by one pass, in the order
// each test sends them, and the replies to our rejections by a second. Each test has its own
// victim (the applicant its forms name) and its own outsiders, so no test's forms duplicate,
// follow up or block another's. The reply-cap tests run in a workspace of their own with a cap
// of 3 answers a day; the others in one with the configured default, which none of them reaches.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageSummary } from "../../src/records/messages.ts";
import type { RequestSummary } from "../../src/records/requests.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type CliResult, type SentReply, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

type MailOptions = NonNullable<Parameters<typeof formMail>[0]>;

/** The applicant a test's forms name: Vera Victim, at an address of the test's own. */
const victim = (tag: string) => `victim.${tag}@nhs.net`;
const victimName = (tag: string) => ({ applicant_first_name: "Vera", applicant_last_name: "Victim", applicant_email: victim(tag) });
/** The test's outsider: a webmail account of their own, or a verified nhs.net address. */
const freemailMallory = (tag: string) => `mallory.${tag}@freemail.example`;
const nhsMallory = (tag: string) => `mallory.${tag}@nhs.net`;
const BOB = "bob.authoriser@nhs.net";

let nhs: DkimKey;
let outside: DkimKey;

/** A GP form for the victim, authorised by Dr Bob Authoriser, from his own nhs.net account. */
const genuineForm = (tag: string, values: Record<string, string> = {}): MailOptions => ({ signWith: nhs, values: { ...victimName(tag), ...values } });

/** A GP form naming the victim, "authorised" in the victim's own name: a self-authorisation. */
const selfAuthorisedFor = (tag: string, from: string, key: DkimKey): MailOptions => ({
  signWith: key,
  from,
  values: { ...victimName(tag), authoriser_name: "Vera Victim", authoriser_email: from },
});

/** A form for the victim from an nhs.net outsider who names themself as its authoriser. */
const strangersCopy = (tag: string, authoriserName: string): MailOptions => ({
  signWith: nhs,
  from: nhsMallory(tag),
  values: { ...victimName(tag), authoriser_name: authoriserName, authoriser_email: nhsMallory(tag) },
});

/** A workspace, and what its passes so far recorded. */
interface Rig {
  readonly ws: Workspace;
  passes: number;
  messages: MessageSummary[];
  requests: RequestSummary[];
  outbox: SentReply[];
}

async function rig(env: Record<string, string> = {}): Promise<Rig> {
  return { ws: await createWorkspace([nhs, outside], { env }), passes: 0, messages: [], requests: [], outbox: [] };
}

const messageIdOf = (key: string) => `<outsider-${key}@test.example>`;

/** Delivers the mails in the order given, takes them in with one pass, and reads back what it recorded. */
async function pass(into: Rig, mails: readonly (readonly [key: string, options: MailOptions])[]): Promise<void> {
  const raws = await Promise.all(mails.map(([key, options]) => formMail({ messageId: messageIdOf(key), ...options })));
  const n = ++into.passes;
  raws.forEach((raw, index) => into.ws.deliver(raw, `${n}.${String(index).padStart(3, "0")}.outsider`));
  await into.ws.runOnce();
  [into.messages, into.requests, into.outbox] = await Promise.all([into.ws.messages(), into.ws.requests(), into.ws.outbox()]);
}

interface Sent {
  readonly messageId: string;
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly reference: string | null | undefined;
  readonly replies: SentReply[];
}

/** What the passes made of one message (undefined outcome: not taken in), and the replies to it. */
function lookUp(from: Rig, key: string): Sent {
  const messageId = messageIdOf(key);
  const message = from.messages.find((m) => m.messageId === messageId);
  const replies = from.outbox.filter((r) => r.inReplyTo === messageId);
  return { messageId, outcome: message?.outcome, reasons: message?.reasons, reference: message?.requestReference, replies };
}

/** The same, in a test: the message must have been taken in. */
function sent(from: Rig, key: string): Sent {
  const result = lookUp(from, key);
  expect(result.outcome, `${result.messageId} was not taken in`).toBeDefined();
  return result;
}

const mailTo = (from: Rig, address: string): SentReply[] => from.outbox.filter((reply) => reply.to === address);

/** Every test but the reply cap's. */
let main: Rig;
/** The reply cap's tests: three answers to an address a day. */
let capped: Rig;
/** Mallory (of "even when that sender is a recognised authoriser") added to the directory before the pass. */
let malloryAdded: CliResult;
/** The cap workspace after its first pass: the four forms the sender kept writing. */
let afterRepeats: { requests: RequestSummary[]; suppressed: { kind: string; recipient: string }[] };

const PRACTICE_MANAGER = { authoriser_role: "Practice manager" };
/** Forms of the reply cap tests: forged self-authorisations, and Dr Bob's form that he keeps sending. */
const FORGED = [0, 1, 2, 3, 4].map((n) => `cap-forged-${n}`);
const REPEATED = [0, 1, 2, 3].map((n) => `cap-repeated-${n}`);
/** The tests of "a request cannot be taken over by a reply", each starting from a rejected request of its own. */
const TAKEOVER = ["takeover-form", "takeover-question", "takeover-other", "takeover-corrected"] as const;

/** The rejected request a takeover test starts from, and the Message-ID of our rejection to its authoriser. */
function rejectionOf(tag: string): { reference: string; rejectionId: string } | null {
  const first = lookUp(main, `${tag}-rejected`);
  const reply = first.replies[0];
  return first.outcome === "rejected" && first.reference && reply ? { reference: first.reference, rejectionId: reply.messageId } : null;
}

/** The reply sent in answer to our rejection, for each takeover test. */
function takeoverReply(tag: (typeof TAKEOVER)[number], reference: string, rejectionId: string): MailOptions {
  const thread = { inReplyTo: rejectionId, references: [rejectionId] };
  switch (tag) {
    case "takeover-form":
      return {
        signWith: nhs,
        from: nhsMallory(tag),
        values: { applicant_email: "mallory.friend@nhs.net", authoriser_name: "Mallory", authoriser_email: nhsMallory(tag) },
        mail: { subject: `Re: ePACT2 registration form not accepted [${reference}]`, ...thread },
      };
    case "takeover-question":
      return { signWith: nhs, from: nhsMallory(tag), mail: { subject: `Re: [${reference}]`, ...thread, attachments: [] } };
    case "takeover-other":
      return { ...genuineForm(tag, { applicant_email: "another.applicant@nhs.net" }), mail: { subject: `Re: [${reference}]`, ...thread } };
    case "takeover-corrected":
      return { ...genuineForm(tag), mail: { subject: `Re: [${reference}]`, ...thread } };
  }
}

beforeAll(async () => {
  [nhs, outside] = await Promise.all([createDkimKey("nhs.net", "outsiders1"), createDkimKey("freemail.example", "outsiders1")]);
  [main, capped] = await Promise.all([rig(), rig({ INTAKE_REPLY_CAP_PER_DAY: "3" })]);
  const mallory = ["--email", nhsMallory("recognised"), "--name", "Dr Mallory", "--role", "gp", "--organisation", "A81001", "--from", "2020-01-01"];
  malloryAdded = main.ws.intake("authorisers", "add", ...mallory);

  const firstMain = pass(main, [
    ["other-domain", selfAuthorisedFor("other-domain", freemailMallory("other-domain"), outside)],
    [
      "not-authoriser",
      { signWith: nhs, from: nhsMallory("not-authoriser"), values: { ...victimName("not-authoriser"), authoriser_name: "Vera Victim", authoriser_email: "someone.else@nhs.net" } },
    ],
    ["outside-applicant", { signWith: nhs, values: { ...victimName("outside-applicant"), applicant_email: "vera@freemail.example", authoriser_name: "Vera Victim" } }],
    ["own-self-authorised", { signWith: nhs, values: { ...victimName("own-self-authorised"), authoriser_name: "Vera Victim" } }],
    ["referred-copy", strangersCopy("referred-copy", "Mallory")],
    ["referred-copy-genuine", genuineForm("referred-copy")],
    ["rejected-copy", selfAuthorisedFor("rejected-copy", freemailMallory("rejected-copy"), outside)],
    ["rejected-copy-genuine", genuineForm("rejected-copy")],
    ["resent-genuine", genuineForm("resent")],
    ["resent", strangersCopy("resent", "Mallory")],
    ["recognised-genuine", genuineForm("recognised")],
    ["recognised", strangersCopy("recognised", "Dr Mallory")],
    ["duplicate-genuine", genuineForm("duplicate")],
    ["duplicate", genuineForm("duplicate")],
    ...TAKEOVER.map((tag) => [`${tag}-rejected`, genuineForm(tag, PRACTICE_MANAGER)] as const),
  ]);
  const firstCapped = pass(
    capped,
    REPEATED.map((key) => [key, genuineForm("repeated", PRACTICE_MANAGER)] as const),
  ).then(async () => {
    afterRepeats = { requests: capped.requests, suppressed: await capped.ws.suppressedReplies() };
  });
  await Promise.all([firstMain, firstCapped]);

  // The replies to our rejections, and (after the repeated forms) the cap's other messages.
  const replies = TAKEOVER.flatMap((tag) => {
    const rejected = rejectionOf(tag);
    return rejected ? [[tag, takeoverReply(tag, rejected.reference, rejected.rejectionId)] as const] : [];
  });
  await Promise.all([
    pass(main, replies),
    pass(capped, [
      ...FORGED.map((key) => [key, selfAuthorisedFor("forged", freemailMallory("forged"), outside)] as const),
      ["cap-forged-genuine", genuineForm("forged")],
      ["cap-repeated-genuine", genuineForm("repeated", { applicant_email: "second.applicant@nhs.net" })],
    ]),
  ]);
}, 180_000);
afterAll(() => {
  main?.ws.remove();
  capped?.ws.remove();
});

describe("mail goes only to addresses that earned it", () => {
  it("a verified sender at another domain gets nothing sent to the applicant a form names", () => {
    const result = sent(main, "other-domain");

    expect(result.outcome).toBe("rejected");
    expect(result.replies.map((reply) => reply.to)).toEqual([freemailMallory("other-domain")]);
    expect(mailTo(main, victim("other-domain"))).toEqual([]);
  });

  it("a verified nhs.net sender who is not the authoriser named on the form gets nothing sent to the applicant", () => {
    const result = sent(main, "not-authoriser");

    expect(result.reasons).toContain("SENDER_NOT_AUTHORISER");
    expect(result.replies.map((reply) => reply.to)).toEqual([nhsMallory("not-authoriser")]);
    expect(mailTo(main, victim("not-authoriser"))).toEqual([]);
  });

  it("an applicant address outside the applicant domains is never written to, even by the genuine authoriser's form", () => {
    const result = sent(main, "outside-applicant");

    expect(result.outcome).toBe("rejected");
    expect(result.replies.map((reply) => reply.to)).toEqual([BOB]);
    expect(mailTo(main, "vera@freemail.example")).toEqual([]);
  });

  it("the applicant still hears when the verified authoriser's own form authorises itself", () => {
    const result = sent(main, "own-self-authorised");

    expect(result.reasons).toEqual(["SELF_AUTHORISATION"]);
    expect(result.replies.map((reply) => reply.to).sort()).toEqual([BOB, victim("own-self-authorised")]);
  });
});

describe("the reply cap", () => {
  it("cannot be used up by others: after many forged self-authorisations the applicant's authorised notification still goes out", () => {
    for (const key of FORGED) expect(sent(capped, key).outcome).toBe("rejected");
    const genuine = sent(capped, "cap-forged-genuine");

    expect(genuine.outcome).toBe("accepted");
    expect(mailTo(capped, victim("forged")).map((reply) => reply.inReplyTo)).toEqual([genuine.messageId]);
  });

  it("holds back answers to a sender that keeps writing, but never their confirmation of an authorised form", () => {
    for (const key of REPEATED) expect(sent(capped, key).outcome).toBe("rejected");
    const genuine = sent(capped, "cap-repeated-genuine");

    const toBob = mailTo(capped, BOB);
    expect(toBob.filter((reply) => reply.subject.includes("not accepted"))).toHaveLength(3);
    expect(genuine.replies.map((reply) => reply.to).sort()).toEqual([BOB, "second.applicant@nhs.net"]);
  });

  it("records the answer it held back as suppressed, for the support team", () => {
    // After the sender's four forms, and nothing else, in the cap's workspace.
    const listed = afterRepeats.requests;
    expect(listed).toHaveLength(1); // the same request tried four times
    expect(afterRepeats.suppressed).toEqual([{ kind: "rejection", recipient: BOB }]);
  });
});

describe("a genuine request cannot be blocked", () => {
  it("by an nhs.net stranger's referred copy: the genuine form is accepted, and linked to the copy for the support team", () => {
    const stranger = sent(main, "referred-copy");
    expect(stranger).toMatchObject({ outcome: "flagged", reasons: ["AUTHORISER_NOT_RECOGNISED"] });

    const genuine = sent(main, "referred-copy-genuine");

    expect(genuine).toMatchObject({ outcome: "accepted", reasons: [] });
    expect(genuine.reference).not.toBe(stranger.reference);
    expect(main.requests.find((request) => request.reference === genuine.reference)).toMatchObject({
      status: "authorised",
      earlierReference: stranger.reference,
    });
  });

  it("by a rejected copy from another domain", () => {
    expect(sent(main, "rejected-copy").outcome).toBe("rejected");
    const genuine = sent(main, "rejected-copy-genuine");
    expect(genuine).toMatchObject({ outcome: "accepted", reasons: [] });
  });
});

describe("nobody learns about someone else's request", () => {
  it("a verified nhs.net sender who resends someone else's authorised form as its authoriser is not told it exists", () => {
    const genuine = sent(main, "resent-genuine");
    expect(genuine.outcome).toBe("accepted");

    const copy = sent(main, "resent");

    expect(copy.reasons).not.toContain("DUPLICATE_REQUEST");
    for (const reply of copy.replies.filter((r) => r.to === nhsMallory("resent"))) {
      expect(`${reply.subject}\n${reply.text}\n${reply.html}`).not.toContain(genuine.reference!);
    }
  });

  it("even when that sender is a recognised authoriser for the practice", () => {
    const genuine = sent(main, "recognised-genuine");
    expect(malloryAdded.code, malloryAdded.stderr).toBe(0);

    const copy = sent(main, "recognised");

    expect(copy.reasons).not.toContain("DUPLICATE_REQUEST");
    for (const reply of copy.replies) expect(`${reply.subject}\n${reply.text}\n${reply.html}`).not.toContain(genuine.reference!);
  });

  it("its own authoriser resending it is told it is a duplicate, with the reference", () => {
    const genuine = sent(main, "duplicate-genuine");
    const again = sent(main, "duplicate");
    expect(again).toMatchObject({ outcome: "duplicate", reasons: ["DUPLICATE_REQUEST"], reference: genuine.reference });
    expect(again.replies.map((reply) => reply.to)).toEqual([BOB]);
  });
});

describe("a request cannot be taken over by a reply", () => {
  /** The test's rejected request (from the first pass), and our rejection that the reply answers. */
  function rejectedRequest(tag: (typeof TAKEOVER)[number]): { reference: string; rejectionId: string } {
    const first = sent(main, `${tag}-rejected`);
    expect(first.outcome).toBe("rejected");
    return { reference: first.reference!, rejectionId: first.replies[0]!.messageId };
  }

  it("a stranger's form sent in reply to our rejection is judged as a new message and changes nothing in the request", () => {
    const { reference } = rejectedRequest("takeover-form");

    const takeover = sent(main, "takeover-form");

    expect(takeover.reference).not.toBe(reference);
    const request = main.requests.find((r) => r.reference === reference);
    expect(request).toMatchObject({ status: "rejected", applicantEmail: victim("takeover-form"), authoriserEmail: BOB });
  });

  it("a stranger's question in reply to our rejection is not tied to the request", () => {
    rejectedRequest("takeover-question");

    const question = sent(main, "takeover-question");

    expect(question).toMatchObject({ outcome: "flagged", reasons: ["FORM_MISSING"], reference: null });
  });

  it("the authoriser's own reply with a form for another applicant opens a new request instead of rewriting this one", () => {
    const { reference } = rejectedRequest("takeover-other");

    const other = sent(main, "takeover-other");

    expect(other).toMatchObject({ outcome: "accepted" });
    expect(other.reference).not.toBe(reference);
    expect(main.requests.find((r) => r.reference === reference)).toMatchObject({ status: "rejected", applicantEmail: victim("takeover-other") });
  });

  it("the authoriser's corrected form in reply is a new attempt at the same request", () => {
    const { reference } = rejectedRequest("takeover-corrected");

    const corrected = sent(main, "takeover-corrected");

    expect(corrected).toMatchObject({ outcome: "accepted", reference });
  });
});
