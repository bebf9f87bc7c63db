// Who may register and who may authorise, through the real pipeline: a signed form in the
// Maildir, `intake run --once` in its own process, then the database and the outbox.
// Every test's forms are delivered together and taken in by one pass of the real command; each
// test reads its own message and the replies to it (by Message-ID) from what that pass recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormId } from "../../src/forms/registration-form.ts";
import type { MessageSummary } from "../../src/records/messages.ts";
import type { RequestSummary } from "../../src/records/requests.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type CliResult, type SentReply, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let practice: DkimKey;
let ws: Workspace;

const applicant = (n: number) => ({ applicant_email: `applicant.${n}@nhs.net` });
const DANA = "dana.gp@nhs.net";
const ERIN = { from: "Dr Erin <dr.erin@examplepractice.co.uk>", values: { authoriser_name: "Dr Erin", authoriser_email: "dr.erin@examplepractice.co.uk" } };

interface Form {
  /** Names the test's message: <authorisation-KEY@test.example>. */
  readonly key: string;
  /** Signed by the practice's own domain instead of nhs.net. */
  readonly practice?: boolean;
  readonly options: Omit<NonNullable<Parameters<typeof formMail>[0]>, "signWith" | "messageId">;
}

/**
 * Every form the tests send, taken in by the one pass in this order: the order the tests are
 * written in, as the daily cap on answers to Dr Bob Authoriser sees them. Each test has its
 * own applicant, so no form duplicates another test's.
 */
const FORMS: readonly Form[] = [
  { key: "unknown-code", options: { values: { ...applicant(1), organisation_code: "Z99999" } } },
  { key: "closed-practice", options: { values: { ...applicant(2), organisation_code: "A89999" } } },
  { key: "pcn-on-gp-form", options: { values: { ...applicant(3), organisation_code: "U12345" } } },
  { key: "hin-prescriber", options: { formId: "EPACT2-PRESCRIBER-PROVIDER", values: { ...applicant(4), organisation_code: "HIN01" } } },
  { key: "pharmacy-default", options: { formId: "EPACT2-DEFAULT", from: "applicant.5@nhs.net", values: { ...applicant(5), organisation_code: "FA001" } } },
  { key: "sub-icb-financial", options: { formId: "EPACT2-FINANCIAL-ICB", values: { ...applicant(6), organisation_code: "92G" } } },
  { key: "national-unjustified", options: { formId: "EPACT2-NATIONAL", values: { ...applicant(7), justification: "" } } },
  { key: "review-EPACT2-NATIONAL", options: { formId: "EPACT2-NATIONAL", values: applicant(9) } },
  { key: "review-EPACT2-CDAO", options: { formId: "EPACT2-CDAO", values: applicant(8) } },
  { key: "caldicott-financial", options: { formId: "EPACT2-FINANCIAL-PROVIDER", values: { ...applicant(10), authoriser_role: "Caldicott Guardian" } } },
  { key: "dana", options: { from: `Dr Dana GP <${DANA}>`, values: { ...applicant(11), authoriser_name: "Dr Dana GP", authoriser_email: DANA } } },
  { key: "practice-gp", practice: true, options: { from: ERIN.from, values: { ...applicant(12), ...ERIN.values } } },
  { key: "practice-prescriber", practice: true, options: { formId: "EPACT2-PRESCRIBER-PROVIDER", from: ERIN.from, values: { ...applicant(13), ...ERIN.values } } },
  { key: "gmail-applicant", options: { values: { applicant_email: "applicant.14@gmail.com" } } },
  // One applicant, three forms in this order: two organisations, then the second one again.
  { key: "several-first", options: { values: { ...applicant(15), organisation_code: "A81001" } } },
  { key: "several-second", options: { values: { ...applicant(15), organisation_code: "A81002", organisation_name: "Second Medical Practice" } } },
  { key: "several-third", options: { values: { ...applicant(15), organisation_code: "A81002", organisation_name: "Second Medical Practice" } } },
];

const messageIdOf = (key: string) => `<authorisation-${key}@test.example>`;

/** The practice's domain, registered before the pass (the domains tests). */
let domainAdded: CliResult;
/** The pass of the real `intake run --once` over every form. */
let pass: CliResult;
let messages: MessageSummary[];
let requests: RequestSummary[];
let outbox: SentReply[];

beforeAll(async () => {
  [nhs, practice] = await Promise.all([createDkimKey("nhs.net", "auth1"), createDkimKey("examplepractice.co.uk", "auth1")]);
  ws = await createWorkspace([nhs, practice]);
  domainAdded = ws.intake("domains", "add", "A81001", "examplepractice.co.uk");
  ws.intake("authorisers", "add", "--email", "dr.erin@examplepractice.co.uk", "--name", "Dr Erin", "--role", "gp", "--organisation", "A81001");
  const raws = await Promise.all(
    FORMS.map((form) => formMail({ signWith: form.practice ? practice : nhs, messageId: messageIdOf(form.key), ...form.options })),
  );
  // Named in order, so the pass takes them in the order of FORMS.
  raws.forEach((raw, index) => ws.deliver(raw, `1.${String(index).padStart(3, "0")}.authorisation`));
  pass = ws.intake("run", "--once");
  [messages, requests, outbox] = await Promise.all([ws.messages(), ws.requests(), ws.outbox()]);
}, 180_000);
afterAll(() => ws?.remove());

interface Sent {
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly replies: SentReply[];
}

/** What the pass made of the test's form, and the replies to it. */
function sent(key: string): Sent {
  expect(pass.code, pass.stderr).toBe(0);
  const messageId = messageIdOf(key);
  const message = messages.find((m) => m.messageId === messageId);
  expect(message, `${messageId} was not taken in`).toBeDefined();
  return { outcome: message?.outcome, reasons: message?.reasons, replies: outbox.filter((r) => r.inReplyTo === messageId) };
}

/** The reply to the authoriser, the one that gives the reasons. */
const toAuthoriser = (result: Sent) => result.replies.find((r) => r.to === "bob.authoriser@nhs.net");

describe("organisations on the form", () => {
  it("ORGANISATION_UNKNOWN: a code not in the ODS data", () => {
    const result = sent("unknown-code");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_UNKNOWN"] });
    // The authoriser is told why; the applicant, that the form went back to the authoriser.
    expect(result.replies.map((r) => [r.to, r.subject.split(" [")[0]]).sort()).toEqual([
      ["applicant.1@nhs.net", "Your ePACT2 registration form has been returned to your authoriser"],
      ["bob.authoriser@nhs.net", "ePACT2 registration form not accepted"],
    ]);
  });

  it("ORGANISATION_UNKNOWN: a closed practice", () => {
    const result = sent("closed-practice");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_UNKNOWN"] });
    expect(toAuthoriser(result)?.text).toContain("A89999 is closed");
  });

  it("ORGANISATION_TYPE_MISMATCH: a PCN code on the GP form", () => {
    const result = sent("pcn-on-gp-form");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_TYPE_MISMATCH"] });
  });

  it("ORGANISATION_NOT_ELIGIBLE: a Health Innovation Network asking for Prescriber access", () => {
    const result = sent("hin-prescriber");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_NOT_ELIGIBLE"] });
    expect(toAuthoriser(result)?.text).toContain("Health Innovation Networks: Default only.");
  });

  it("ORGANISATION_NOT_ELIGIBLE: a pharmacy contractor asking for anything", () => {
    const result = sent("pharmacy-default");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_NOT_ELIGIBLE"] });
    // A Default form comes from its applicant, who is told the reasons.
    expect(result.replies.find((r) => r.to === "applicant.5@nhs.net")?.text.replace(/\s+/g, " ")).toContain("not available to pharmacy contractors and commercial organisations");
  });

  it("ACCESS_LEVEL_NOT_ALLOWED: a sub-ICB location asking for Financial access", () => {
    const result = sent("sub-icb-financial");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ACCESS_LEVEL_NOT_ALLOWED"] });
  });
});

describe("justification", () => {
  it("JUSTIFICATION_REQUIRED: a national request without one is rejected", () => {
    const result = sent("national-unjustified");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["JUSTIFICATION_REQUIRED"] });
  });

  it.each<FormId>(["EPACT2-NATIONAL", "EPACT2-CDAO"])("NATIONAL_ACCESS_REVIEW: a justified %s request goes to the support team", (formId) => {
    const result = sent(`review-${formId}`);
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["NATIONAL_ACCESS_REVIEW"] });
    expect(result.replies.map((r) => r.to).sort()).toEqual(["bob.authoriser@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
  });
});

describe("authorisers", () => {
  it("AUTHORISER_ROLE_INVALID: Caldicott Guardians cannot authorise access to financial data", () => {
    const result = sent("caldicott-financial");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["AUTHORISER_ROLE_INVALID"] });
    expect(toAuthoriser(result)?.text).toContain("Caldicott Guardians cannot authorise access to financial data.");
  });

  it("AUTHORISER_NOT_RECOGNISED: referred, then accepted once the support team adds the authoriser", async () => {
    const messageId = messageIdOf("dana");
    expect(sent("dana")).toMatchObject({ outcome: "flagged", reasons: ["AUTHORISER_NOT_RECOGNISED"] });
    const [referred] = requests.filter((r) => r.applicantEmail === "applicant.11@nhs.net");
    expect(referred).toMatchObject({ status: "referred", reasons: ["AUTHORISER_NOT_RECOGNISED"] });
    expect(ws.folder("exceptions").length).toBeGreaterThan(0);

    const add = ws.intake("authorisers", "add", "--email", DANA, "--name", "Dr Dana GP", "--role", "gp", "--organisation", "A81001");
    expect(add.code, add.stderr).toBe(0);
    const again = ws.intake("messages", "reprocess", messageId, "--json");
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject([{ messageId, outcome: "accepted", reasons: [], requestReference: referred?.reference }]);

    const [authorised] = (await ws.requests()).filter((r) => r.applicantEmail === "applicant.11@nhs.net");
    expect(authorised).toMatchObject({ reference: referred?.reference, status: "authorised", reasons: [] });
    const replies = (await ws.outbox()).filter((r) => r.inReplyTo === messageId).map((r) => r.to).sort();
    expect(replies).toEqual(["applicant.11@nhs.net", "dana.gp@nhs.net", "dana.gp@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
  });
});

describe("domains", () => {
  it("a GP may return the form from the practice's own registered domain", () => {
    expect(domainAdded.code, domainAdded.stderr).toBe(0);
    const result = sent("practice-gp");
    expect(result).toMatchObject({ outcome: "accepted", reasons: [] });
  });

  it("SENDER_DOMAIN_NOT_ALLOWED: the practice domain does not open other routes", () => {
    const result = sent("practice-prescriber");
    expect(result.reasons).toContain("SENDER_DOMAIN_NOT_ALLOWED");
  });

  it("APPLICANT_DOMAIN_NOT_ALLOWED: an applicant outside nhs.net and approved domains", () => {
    const result = sent("gmail-applicant");
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["APPLICANT_DOMAIN_NOT_ALLOWED"] });
  });
});

describe("several requests per applicant", () => {
  it("an applicant may hold requests for different organisations, but not two for the same one", () => {
    const first = sent("several-first");
    const second = sent("several-second");
    const third = sent("several-third");
    expect([first.outcome, second.outcome, third.outcome]).toEqual(["accepted", "accepted", "duplicate"]);
    expect(third.reasons).toEqual(["DUPLICATE_REQUEST"]);
  });
});
