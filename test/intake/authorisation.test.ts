// Who may register and who may authorise, through the real pipeline: a signed form in the
// Maildir, `intake run --once` in its own process, then the database and the outbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormId } from "../../src/forms/registration-form.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let practice: DkimKey;
let ws: Workspace;
let sent = 0;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "auth1");
  practice = await createDkimKey("examplepractice.co.uk", "auth1");
  ws = await createWorkspace([nhs, practice]);
});
afterAll(() => ws.remove());

interface Sent {
  readonly outcome: string | null | undefined;
  readonly reasons: readonly string[] | undefined;
  readonly replies: { to: string; text: string; subject: string }[];
}

async function send(options: Parameters<typeof formMail>[0]): Promise<Sent> {
  const messageId = `<authorisation-${++sent}@test.example>`;
  ws.deliver(await formMail({ signWith: nhs, messageId, ...options }));
  const run = ws.intake("run", "--once");
  expect(run.code, run.stderr).toBe(0);
  const message = (await ws.messages()).find((m) => m.messageId === messageId);
  const replies = (await ws.outbox()).filter((r) => r.inReplyTo === messageId);
  return { outcome: message?.outcome, reasons: message?.reasons, replies };
}

const applicant = (n: number) => ({ applicant_email: `applicant.${n}@nhs.net` });

/** The reply to the authoriser, the one that gives the reasons. */
const toAuthoriser = (result: Sent) => result.replies.find((r) => r.to === "bob.authoriser@nhs.net");

describe("organisations on the form", () => {
  it("ORGANISATION_UNKNOWN: a code not in the ODS data", async () => {
    const result = await send({ values: { ...applicant(1), organisation_code: "Z99999" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_UNKNOWN"] });
    // The authoriser is told why; the applicant, that the form went back to the authoriser.
    expect(result.replies.map((r) => [r.to, r.subject.split(" [")[0]]).sort()).toEqual([
      ["applicant.1@nhs.net", "Your ePACT2 registration form has been returned to your authoriser"],
      ["bob.authoriser@nhs.net", "ePACT2 registration form not accepted"],
    ]);
  });

  it("ORGANISATION_UNKNOWN: a closed practice", async () => {
    const result = await send({ values: { ...applicant(2), organisation_code: "A89999" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_UNKNOWN"] });
    expect(toAuthoriser(result)?.text).toContain("A89999 is closed");
  });

  it("ORGANISATION_TYPE_MISMATCH: a PCN code on the GP form", async () => {
    const result = await send({ values: { ...applicant(3), organisation_code: "U12345" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_TYPE_MISMATCH"] });
  });

  it("ORGANISATION_NOT_ELIGIBLE: a Health Innovation Network asking for Prescriber access", async () => {
    const result = await send({ formId: "EPACT2-PRESCRIBER-PROVIDER", values: { ...applicant(4), organisation_code: "HIN01" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_NOT_ELIGIBLE"] });
    expect(toAuthoriser(result)?.text).toContain("Health Innovation Networks: Default only.");
  });

  it("ORGANISATION_NOT_ELIGIBLE: a pharmacy contractor asking for anything", async () => {
    const result = await send({ formId: "EPACT2-DEFAULT", from: "applicant.5@nhs.net", values: { ...applicant(5), organisation_code: "FA001" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ORGANISATION_NOT_ELIGIBLE"] });
    // A Default form comes from its applicant, who is told the reasons.
    expect(result.replies.find((r) => r.to === "applicant.5@nhs.net")?.text.replace(/\s+/g, " ")).toContain("not available to pharmacy contractors and commercial organisations");
  });

  it("ACCESS_LEVEL_NOT_ALLOWED: a sub-ICB location asking for Financial access", async () => {
    const result = await send({ formId: "EPACT2-FINANCIAL-ICB", values: { ...applicant(6), organisation_code: "92G" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["ACCESS_LEVEL_NOT_ALLOWED"] });
  });
});

describe("justification", () => {
  it("JUSTIFICATION_REQUIRED: a national request without one is rejected", async () => {
    const result = await send({ formId: "EPACT2-NATIONAL", values: { ...applicant(7), justification: "" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["JUSTIFICATION_REQUIRED"] });
  });

  it.each<FormId>(["EPACT2-NATIONAL", "EPACT2-CDAO"])("NATIONAL_ACCESS_REVIEW: a justified %s request goes to the support team", async (formId) => {
    const result = await send({ formId, values: applicant(formId === "EPACT2-CDAO" ? 8 : 9) });
    expect(result).toMatchObject({ outcome: "flagged", reasons: ["NATIONAL_ACCESS_REVIEW"] });
    expect(result.replies.map((r) => r.to).sort()).toEqual(["bob.authoriser@nhs.net", "dataservicessupport@nhsbsa.nhs.uk"]);
  });
});

describe("authorisers", () => {
  it("AUTHORISER_ROLE_INVALID: Caldicott Guardians cannot authorise access to financial data", async () => {
    const result = await send({ formId: "EPACT2-FINANCIAL-PROVIDER", values: { ...applicant(10), authoriser_role: "Caldicott Guardian" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["AUTHORISER_ROLE_INVALID"] });
    expect(toAuthoriser(result)?.text).toContain("Caldicott Guardians cannot authorise access to financial data.");
  });

  it("AUTHORISER_NOT_RECOGNISED: referred, then accepted once the support team adds the authoriser", async () => {
    const dana = "dana.gp@nhs.net";
    const messageId = `<authorisation-${++sent}@test.example>`;
    ws.deliver(
      await formMail({
        signWith: nhs,
        messageId,
        from: `Dr Dana GP <${dana}>`,
        values: { ...applicant(11), authoriser_name: "Dr Dana GP", authoriser_email: dana },
      }),
    );
    expect(ws.intake("run", "--once").code).toBe(0);
    expect((await ws.messages()).find((m) => m.messageId === messageId)).toMatchObject({
      outcome: "flagged",
      reasons: ["AUTHORISER_NOT_RECOGNISED"],
    });
    const [referred] = (await ws.requests()).filter((r) => r.applicantEmail === "applicant.11@nhs.net");
    expect(referred).toMatchObject({ status: "referred", reasons: ["AUTHORISER_NOT_RECOGNISED"] });
    expect(ws.folder("exceptions").length).toBeGreaterThan(0);

    const add = ws.intake("authorisers", "add", "--email", dana, "--name", "Dr Dana GP", "--role", "gp", "--organisation", "A81001");
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
  it("a GP may return the form from the practice's own registered domain", async () => {
    const add = ws.intake("domains", "add", "A81001", "examplepractice.co.uk");
    expect(add.code, add.stderr).toBe(0);
    ws.intake("authorisers", "add", "--email", "dr.erin@examplepractice.co.uk", "--name", "Dr Erin", "--role", "gp", "--organisation", "A81001");
    const result = await send({
      signWith: practice,
      from: "Dr Erin <dr.erin@examplepractice.co.uk>",
      values: { ...applicant(12), authoriser_name: "Dr Erin", authoriser_email: "dr.erin@examplepractice.co.uk" },
    });
    expect(result).toMatchObject({ outcome: "accepted", reasons: [] });
  });

  it("SENDER_DOMAIN_NOT_ALLOWED: the practice domain does not open other routes", async () => {
    const result = await send({
      formId: "EPACT2-PRESCRIBER-PROVIDER",
      signWith: practice,
      from: "Dr Erin <dr.erin@examplepractice.co.uk>",
      values: { ...applicant(13), authoriser_name: "Dr Erin", authoriser_email: "dr.erin@examplepractice.co.uk" },
    });
    expect(result.reasons).toContain("SENDER_DOMAIN_NOT_ALLOWED");
  });

  it("APPLICANT_DOMAIN_NOT_ALLOWED: an applicant outside nhs.net and approved domains", async () => {
    const result = await send({ values: { applicant_email: "applicant.14@gmail.com" } });
    expect(result).toMatchObject({ outcome: "rejected", reasons: ["APPLICANT_DOMAIN_NOT_ALLOWED"] });
  });
});

describe("several requests per applicant", () => {
  it("an applicant may hold requests for different organisations, but not two for the same one", async () => {
    const first = await send({ values: { ...applicant(15), organisation_code: "A81001" } });
    const second = await send({ values: { ...applicant(15), organisation_code: "A81002", organisation_name: "Second Medical Practice" } });
    const third = await send({ values: { ...applicant(15), organisation_code: "A81002", organisation_name: "Second Medical Practice" } });
    expect([first.outcome, second.outcome, third.outcome]).toEqual(["accepted", "accepted", "duplicate"]);
    expect(third.reasons).toEqual(["DUPLICATE_REQUEST"]);
  });
});
