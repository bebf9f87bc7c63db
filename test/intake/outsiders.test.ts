// What outsiders can make the service do, through the real pipeline: signed forms in the
// Maildir, the intake, SQLite and the .eml outbox. An outsider is anyone whose mail is
// DKIM-signed for a domain of their own (any webmail account), or a verified nhs.net address
// that is not the person a request belongs to. None of them may get mail sent to a third
// party, use up a person's reply cap, block a genuine request, learn of someone else's
// request, or take one over by a reply.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type SentReply, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

const VICTIM = "victim.applicant@nhs.net";
const VICTIM_NAME = { applicant_first_name: "Vera", applicant_last_name: "Victim", applicant_email: VICTIM };

let nhs: DkimKey;
let outside: DkimKey;
let ws: Workspace;
let counter = 0;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "outsiders1");
  outside = await createDkimKey("freemail.example", "outsiders1");
});

beforeEach(async () => {
  ws = await createWorkspace([nhs, outside], { env: { INTAKE_REPLY_CAP_PER_DAY: "3" } });
});
afterEach(() => ws.remove());

interface Sent {
  readonly messageId: string;
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly reference: string | null | undefined;
  readonly replies: SentReply[];
}

async function send(options: Parameters<typeof formMail>[0]): Promise<Sent> {
  const messageId = `<outsider-${++counter}@test.example>`;
  ws.deliver(await formMail({ messageId, ...options }));
  await ws.runOnce();
  const message = (await ws.messages()).find((m) => m.messageId === messageId);
  const replies = (await ws.outbox()).filter((r) => r.inReplyTo === messageId);
  return { messageId, outcome: message?.outcome, reasons: message?.reasons, reference: message?.requestReference, replies };
}

/** A GP form for the victim, authorised by Dr Bob Authoriser, from his own nhs.net account. */
const genuineForm = (values: Record<string, string> = {}) => ({ signWith: nhs, values: { ...VICTIM_NAME, ...values } });

/** A GP form naming the victim, "authorised" in the victim's own name: a self-authorisation. */
const selfAuthorisedFor = (from: string, key: DkimKey) => ({
  signWith: key,
  from,
  values: { ...VICTIM_NAME, authoriser_name: "Vera Victim", authoriser_email: from },
});

const mailTo = async (address: string): Promise<SentReply[]> => (await ws.outbox()).filter((reply) => reply.to === address);

describe("mail goes only to addresses that earned it", () => {
  it("a verified sender at another domain gets nothing sent to the applicant a form names", async () => {
    const result = await send(selfAuthorisedFor("mallory@freemail.example", outside));

    expect(result.outcome).toBe("rejected");
    expect(result.replies.map((reply) => reply.to)).toEqual(["mallory@freemail.example"]);
    expect(await mailTo(VICTIM)).toEqual([]);
  });

  it("a verified nhs.net sender who is not the authoriser named on the form gets nothing sent to the applicant", async () => {
    const result = await send({
      signWith: nhs,
      from: "mallory@nhs.net",
      values: { ...VICTIM_NAME, authoriser_name: "Vera Victim", authoriser_email: "someone.else@nhs.net" },
    });

    expect(result.reasons).toContain("SENDER_NOT_AUTHORISER");
    expect(result.replies.map((reply) => reply.to)).toEqual(["mallory@nhs.net"]);
    expect(await mailTo(VICTIM)).toEqual([]);
  });

  it("an applicant address outside the applicant domains is never written to, even by the genuine authoriser's form", async () => {
    const result = await send({ signWith: nhs, values: { ...VICTIM_NAME, applicant_email: "vera@freemail.example", authoriser_name: "Vera Victim" } });

    expect(result.outcome).toBe("rejected");
    expect(result.replies.map((reply) => reply.to)).toEqual(["bob.authoriser@nhs.net"]);
    expect(await mailTo("vera@freemail.example")).toEqual([]);
  });

  it("the applicant still hears when the verified authoriser's own form authorises itself", async () => {
    const result = await send({ signWith: nhs, values: { ...VICTIM_NAME, authoriser_name: "Vera Victim" } });

    expect(result.reasons).toEqual(["SELF_AUTHORISATION"]);
    expect(result.replies.map((reply) => reply.to).sort()).toEqual(["bob.authoriser@nhs.net", VICTIM]);
  });
});

describe("the reply cap", () => {
  it("cannot be used up by others: after many forged self-authorisations the applicant's authorised notification still goes out", async () => {
    for (let n = 0; n < 5; n++) await send(selfAuthorisedFor("mallory@freemail.example", outside));
    const genuine = await send(genuineForm());

    expect(genuine.outcome).toBe("accepted");
    expect((await mailTo(VICTIM)).map((reply) => reply.inReplyTo)).toEqual([genuine.messageId]);
  });

  it("holds back answers to a sender that keeps writing, but never their confirmation of an authorised form", async () => {
    for (let n = 0; n < 4; n++) await send({ signWith: nhs, values: { ...VICTIM_NAME, authoriser_role: "Practice manager" } });
    const genuine = await send(genuineForm({ applicant_email: "second.applicant@nhs.net" }));

    const toBob = await mailTo("bob.authoriser@nhs.net");
    expect(toBob.filter((reply) => reply.subject.includes("not accepted"))).toHaveLength(3);
    expect(genuine.replies.map((reply) => reply.to).sort()).toEqual(["bob.authoriser@nhs.net", "second.applicant@nhs.net"]);
  });

  it("records the answer it held back as suppressed, for the support team", async () => {
    for (let n = 0; n < 4; n++) await send({ signWith: nhs, values: { ...VICTIM_NAME, authoriser_role: "Practice manager" } });

    const listed = await ws.requests();
    expect(listed).toHaveLength(1); // the same request tried four times
    expect(await ws.suppressedReplies()).toEqual([{ kind: "rejection", recipient: "bob.authoriser@nhs.net" }]);
  });
});

describe("a genuine request cannot be blocked", () => {
  it("by an nhs.net stranger's referred copy: the genuine form is accepted, and linked to the copy for the support team", async () => {
    const stranger = await send({
      signWith: nhs,
      from: "mallory@nhs.net",
      values: { ...VICTIM_NAME, authoriser_name: "Mallory", authoriser_email: "mallory@nhs.net" },
    });
    expect(stranger).toMatchObject({ outcome: "flagged", reasons: ["AUTHORISER_NOT_RECOGNISED"] });

    const genuine = await send(genuineForm());

    expect(genuine).toMatchObject({ outcome: "accepted", reasons: [] });
    expect(genuine.reference).not.toBe(stranger.reference);
    expect((await ws.requests()).find((request) => request.reference === genuine.reference)).toMatchObject({
      status: "authorised",
      earlierReference: stranger.reference,
    });
  });

  it("by a rejected copy from another domain", async () => {
    await send(selfAuthorisedFor("mallory@freemail.example", outside));
    const genuine = await send(genuineForm());
    expect(genuine).toMatchObject({ outcome: "accepted", reasons: [] });
  });
});

describe("nobody learns about someone else's request", () => {
  it("a verified nhs.net sender who resends someone else's authorised form as its authoriser is not told it exists", async () => {
    const genuine = await send(genuineForm());
    expect(genuine.outcome).toBe("accepted");

    const copy = await send({ signWith: nhs, from: "mallory@nhs.net", values: { ...VICTIM_NAME, authoriser_name: "Mallory", authoriser_email: "mallory@nhs.net" } });

    expect(copy.reasons).not.toContain("DUPLICATE_REQUEST");
    for (const reply of copy.replies.filter((r) => r.to === "mallory@nhs.net")) {
      expect(`${reply.subject}\n${reply.text}\n${reply.html}`).not.toContain(genuine.reference!);
    }
  });

  it("even when that sender is a recognised authoriser for the practice", async () => {
    const genuine = await send(genuineForm());
    const added = ws.intake("authorisers", "add", "--email", "mallory@nhs.net", "--name", "Dr Mallory", "--role", "gp", "--organisation", "A81001", "--from", "2020-01-01");
    expect(added.code, added.stderr).toBe(0);

    const copy = await send({ signWith: nhs, from: "mallory@nhs.net", values: { ...VICTIM_NAME, authoriser_name: "Dr Mallory", authoriser_email: "mallory@nhs.net" } });

    expect(copy.reasons).not.toContain("DUPLICATE_REQUEST");
    for (const reply of copy.replies) expect(`${reply.subject}\n${reply.text}\n${reply.html}`).not.toContain(genuine.reference!);
  });

  it("its own authoriser resending it is told it is a duplicate, with the reference", async () => {
    const genuine = await send(genuineForm());
    const again = await send(genuineForm());
    expect(again).toMatchObject({ outcome: "duplicate", reasons: ["DUPLICATE_REQUEST"], reference: genuine.reference });
    expect(again.replies.map((reply) => reply.to)).toEqual(["bob.authoriser@nhs.net"]);
  });
});

describe("a request cannot be taken over by a reply", () => {
  async function rejectedRequest(): Promise<{ reference: string; rejectionId: string }> {
    const first = await send(genuineForm({ authoriser_role: "Practice manager" }));
    expect(first.outcome).toBe("rejected");
    return { reference: first.reference!, rejectionId: first.replies[0]!.messageId };
  }

  it("a stranger's form sent in reply to our rejection is judged as a new message and changes nothing in the request", async () => {
    const { reference, rejectionId } = await rejectedRequest();

    const takeover = await send({
      signWith: nhs,
      from: "mallory@nhs.net",
      values: { applicant_email: "mallory.friend@nhs.net", authoriser_name: "Mallory", authoriser_email: "mallory@nhs.net" },
      mail: { subject: `Re: ePACT2 registration form not accepted [${reference}]`, inReplyTo: rejectionId, references: [rejectionId] },
    });

    expect(takeover.reference).not.toBe(reference);
    const request = (await ws.requests()).find((r) => r.reference === reference);
    expect(request).toMatchObject({ status: "rejected", applicantEmail: VICTIM, authoriserEmail: "bob.authoriser@nhs.net" });
  });

  it("a stranger's question in reply to our rejection is not tied to the request", async () => {
    const { reference, rejectionId } = await rejectedRequest();

    const question = await send({
      signWith: nhs,
      from: "mallory@nhs.net",
      mail: { subject: `Re: [${reference}]`, inReplyTo: rejectionId, references: [rejectionId], attachments: [] },
    });

    expect(question).toMatchObject({ outcome: "flagged", reasons: ["FORM_MISSING"], reference: null });
  });

  it("the authoriser's own reply with a form for another applicant opens a new request instead of rewriting this one", async () => {
    const { reference, rejectionId } = await rejectedRequest();

    const other = await send({
      ...genuineForm({ applicant_email: "another.applicant@nhs.net" }),
      mail: { subject: `Re: [${reference}]`, inReplyTo: rejectionId, references: [rejectionId] },
    });

    expect(other).toMatchObject({ outcome: "accepted" });
    expect(other.reference).not.toBe(reference);
    expect((await ws.requests()).find((r) => r.reference === reference)).toMatchObject({ status: "rejected", applicantEmail: VICTIM });
  });

  it("the authoriser's corrected form in reply is a new attempt at the same request", async () => {
    const { reference, rejectionId } = await rejectedRequest();

    const corrected = await send({ ...genuineForm(), mail: { subject: `Re: [${reference}]`, inReplyTo: rejectionId, references: [rejectionId] } });

    expect(corrected).toMatchObject({ outcome: "accepted", reference });
  });
});
