// Self-authorisation behind a name that only looks different to a machine, and names that hide
// characters, through the real pipeline: a signed form in the Maildir, one pass, then the
// database and the outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let ws: Workspace;
let sent = 0;
let applicants = 0;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "names1");
  ws = await createWorkspace([nhs]);
});
afterAll(() => ws.remove());

interface Sent {
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly replies: { readonly to: string; readonly text: string }[];
}

async function send(options: Parameters<typeof formMail>[0]): Promise<Sent> {
  const messageId = `<look-alike-${++sent}@test.example>`;
  ws.deliver(await formMail({ signWith: nhs, messageId, ...options }));
  await ws.runOnce();
  const message = (await ws.messages()).find((m) => m.messageId === messageId);
  const replies = (await ws.outbox()).filter((r) => r.inReplyTo === messageId);
  return { outcome: message?.outcome, reasons: message?.reasons, replies: replies.map((r) => ({ to: r.to, text: r.text.replace(/\s+/g, " ") })) };
}

/** A new applicant's address, so no form is a duplicate of an earlier one. */
function applicantEmail(): string {
  return `alice.applicant.${++applicants}@nhs.net`;
}

/** Alice Applicant returns her own form from a second mailbox, signing as herself. */
function selfAuthorised(authoriserName: string) {
  const applicant = applicantEmail();
  const second = applicant.replace("alice.applicant", "a.applicant");
  return { from: second, values: { applicant_email: applicant, authoriser_name: authoriserName, authoriser_email: second } };
}

// "Alice" in Cyrillic letters only (А Ӏ і с е), so no word mixes alphabets.
const CYRILLIC_ALICE = "\u0410\u04c0\u0456\u0441\u0435";

describe("SELF_AUTHORISATION by a look-alike name", () => {
  it.each([false, true])("rejects the applicant's name written in Cyrillic look-alikes at another address (flattened: %s)", async (flatten) => {
    const form = selfAuthorised(`Dr ${CYRILLIC_ALICE} Applicant`);
    const result = await send({ ...form, flatten });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["SELF_AUTHORISATION"] });
    expect(result.replies.map((r) => r.to).sort()).toEqual([form.from, form.values.applicant_email]);
    for (const reply of result.replies) expect(reply.text).toContain("same person who is requesting access");
  });

  it("rejects the applicant's name in Cyrillic capitals that look Latin only in upper case (КАТЕ TAYLOR for Kate Taylor)", async () => {
    const { from, values } = selfAuthorised("\u041a\u0410\u0422\u0415 TAYLOR");
    const result = await send({ from, values: { ...values, applicant_first_name: "Kate", applicant_last_name: "Taylor" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["SELF_AUTHORISATION"] });
  });

  it("accepts an authoriser whose own name is written in Cyrillic", async () => {
    const result = await send({ values: { applicant_email: applicantEmail(), authoriser_name: "\u0411\u043e\u0440\u0438\u0441 Authoriser" } });
    expect(result).toMatchObject({ outcome: "accepted", reasons: [] });
  });
});

describe("a name that hides characters is never taken as another name", () => {
  it.each([
    ["a zero-width space", "Alice App\u200blicant"],
    ["a right-to-left override", "Alice App\u202elicant"],
  ])("refuses the applicant's name as authoriser name with %s in a fillable form, naming the field (FORM_INVALID)", async (_how, authoriserName) => {
    const result = await send(selfAuthorised(authoriserName));
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["FORM_INVALID"] });
    expect(result.replies[0]?.text).toContain("Authoriser name must not contain invisible or direction-changing characters");
  });

  it("refers a soft hyphen in a fillable form: its page shows a hyphen the value does not hold (FORM_NOT_AS_SHOWN)", async () => {
    const result = await send(selfAuthorised("Al\u00adice Applicant"));
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["FORM_NOT_AS_SHOWN"] });
  });

  it.each([
    ["a zero-width space", "Alice App\u200blicant"],
    ["a soft hyphen", "Al\u00adice Applicant"],
  ])("rejects the applicant's name with %s as authoriser name on a flattened copy: read as printed, it is the same person", async (_how, authoriserName) => {
    const result = await send({ ...selfAuthorised(authoriserName), flatten: true });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["SELF_AUTHORISATION"] });
  });

  it("refuses an authoriser name with a Cyrillic а among Latin letters, naming the field", async () => {
    const result = await send(selfAuthorised("\u0410lice Applicant"));
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["FORM_INVALID"] });
    expect(result.replies[0]?.text).toContain("Authoriser name must not mix letters from different alphabets");
  });
});
