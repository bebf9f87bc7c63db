// Self-authorisation behind a name that only looks different to a machine, and names that hide
// characters, through the real pipeline: signed forms in the Maildir, one pass, then the
// database and the outbox. Every test's form is delivered before that one pass (each for an
// applicant of its own, so none duplicates another), and each test reads its own message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import type { MessageSummary } from "../../src/records/messages.ts";
import { createWorkspace, type SentReply, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let ws: Workspace;
let applicants = 0;

type FormOptions = Omit<NonNullable<Parameters<typeof formMail>[0]>, "signWith" | "messageId">;

interface Sent {
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly replies: { readonly to: string; readonly text: string }[];
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

/** Every test's form, by a name of its own; the pass takes them in this order. */
const forms = new Map<string, FormOptions>();
function form<T extends FormOptions>(key: string, options: T): T {
  forms.set(key, options);
  return options;
}
/** The form's Message-ID: its place in the order, as a key may hold characters a Message-ID must not. */
const messageIdOf = (key: string) => `<look-alike-${[...forms.keys()].indexOf(key)}@test.example>`;

const CYRILLIC_LOOK_ALIKES = [false, true].map((flatten) => form(`cyrillic-alice-${flatten}`, { ...selfAuthorised(`Dr ${CYRILLIC_ALICE} Applicant`), flatten }));
const KATE = selfAuthorised("\u041a\u0410\u0422\u0415 TAYLOR");
form("kate", { from: KATE.from, values: { ...KATE.values, applicant_first_name: "Kate", applicant_last_name: "Taylor" } });
form("cyrillic-authoriser", { values: { applicant_email: applicantEmail(), authoriser_name: "\u0411\u043e\u0440\u0438\u0441 Authoriser" } });
const HIDDEN_IN_FILLABLE = [
  ["a zero-width space", "Alice App\u200blicant"],
  ["a right-to-left override", "Alice App\u202elicant"],
] as const;
for (const [, name] of HIDDEN_IN_FILLABLE) form(`fillable-${name}`, selfAuthorised(name));
form("soft-hyphen-fillable", selfAuthorised("Al\u00adice Applicant"));
const HIDDEN_ON_FLATTENED = [
  ["a zero-width space", "Alice App\u200blicant"],
  ["a soft hyphen", "Al\u00adice Applicant"],
] as const;
for (const [, name] of HIDDEN_ON_FLATTENED) form(`flattened-${name}`, { ...selfAuthorised(name), flatten: true });
form("mixed-alphabets", selfAuthorised("\u0410lice Applicant"));

let messages: MessageSummary[];
let outbox: SentReply[];

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "names1");
  ws = await createWorkspace([nhs]);
  const raws = await Promise.all([...forms].map(([key, options]) => formMail({ signWith: nhs, messageId: messageIdOf(key), ...options })));
  raws.forEach((raw, index) => ws.deliver(raw, `1.${String(index).padStart(3, "0")}.look-alike`));
  await ws.runOnce();
  [messages, outbox] = await Promise.all([ws.messages(), ws.outbox()]);
}, 120_000);
afterAll(() => ws?.remove());

/** What the pass made of the test's form, and the replies to it. */
function sent(key: string): Sent {
  const messageId = messageIdOf(key);
  const message = messages.find((m) => m.messageId === messageId);
  expect(message, `${messageId} was not taken in`).toBeDefined();
  const replies = outbox.filter((r) => r.inReplyTo === messageId);
  return { outcome: message?.outcome, reasons: message?.reasons, replies: replies.map((r) => ({ to: r.to, text: r.text.replace(/\s+/g, " ") })) };
}

describe("SELF_AUTHORISATION by a look-alike name", () => {
  it.each(CYRILLIC_LOOK_ALIKES)("rejects the applicant's name written in Cyrillic look-alikes at another address (flattened: $flatten)", (look) => {
    const result = sent(`cyrillic-alice-${look.flatten}`);
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["SELF_AUTHORISATION"] });
    expect(result.replies.map((r) => r.to).sort()).toEqual([look.from, look.values.applicant_email]);
    for (const reply of result.replies) expect(reply.text).toContain("same person who is requesting access");
  });

  it("rejects the applicant's name in Cyrillic capitals that look Latin only in upper case (КАТЕ TAYLOR for Kate Taylor)", () => {
    const result = sent("kate");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["SELF_AUTHORISATION"] });
  });

  it("accepts an authoriser whose own name is written in Cyrillic", () => {
    const result = sent("cyrillic-authoriser");
    expect(result).toMatchObject({ outcome: "accepted", reasons: [] });
  });
});

describe("a name that hides characters is never taken as another name", () => {
  it.each(HIDDEN_IN_FILLABLE)("refuses the applicant's name as authoriser name with %s in a fillable form, naming the field (FORM_INVALID)", (_how, authoriserName) => {
    const result = sent(`fillable-${authoriserName}`);
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["FORM_INVALID"] });
    expect(result.replies[0]?.text).toContain("Authoriser name must not contain invisible or direction-changing characters");
  });

  it("refers a soft hyphen in a fillable form: its page shows a hyphen the value does not hold (FORM_NOT_AS_SHOWN)", () => {
    const result = sent("soft-hyphen-fillable");
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["FORM_NOT_AS_SHOWN"] });
  });

  it.each(HIDDEN_ON_FLATTENED)("rejects the applicant's name with %s as authoriser name on a flattened copy: read as printed, it is the same person", (_how, authoriserName) => {
    const result = sent(`flattened-${authoriserName}`);
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["SELF_AUTHORISATION"] });
  });

  it("refuses an authoriser name with a Cyrillic а among Latin letters, naming the field", () => {
    const result = sent("mixed-alphabets");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["FORM_INVALID"] });
    expect(result.replies[0]?.text).toContain("Authoriser name must not mix letters from different alphabets");
  });
});
