// The support team's casework through the real command line: messages referred by the real
// pipeline (forms from the project's generator, DKIM-signed mail in the Maildir, `intake run
// --once`), then `intake cases ...` in its own process on the same SQLite file, and the .eml
// outbox read back for what was sent to whom.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FormId } from "../../src/forms/registration-form.ts";
import { buildMail, createDkimKey, signMail, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, runIntakeAsync, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";

const SUPPORT = "dataservicessupport@nhsbsa.nhs.uk";
const AGENT = "sam.agent@nhs.net";
const OTHER_AGENT = "kim.agent@nhs.net";
/** An authoriser the directory does not know yet. */
const DANA = "dana.casework@nhs.net";

let nhs: DkimKey;
let ws: Workspace;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "case1");
  ws = await createWorkspace([nhs], { env: { INTAKE_SIGN_IN_URL: "https://epact2.example.nhs.uk/sign-in" } });
  await referEverything();
});
afterAll(() => ws?.remove());

interface CaseRow {
  readonly id: number;
  readonly state: string;
  readonly reasons: string[];
  readonly requestReference: string | null;
  readonly fromAddress: string | null;
}

function json<T>(...args: string[]): T {
  const result = ws.intake(...args, "--json");
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** The referred forms the tests work on, by applicant number: their form, and how they were sent. */
const FORM_CASES: readonly (readonly [number, FormId, { signed?: boolean; from?: string; values?: Record<string, string> }])[] = [
  [101, "EPACT2-NATIONAL", {}],
  [102, "EPACT2-GP", { signed: false }],
  [103, "EPACT2-NATIONAL", { signed: false }],
  [104, "EPACT2-GP", { from: `Dr Dana GP <${DANA}>`, values: { authoriser_name: "Dr Dana GP", authoriser_email: DANA } }],
  [105, "EPACT2-NATIONAL", {}],
  [106, "EPACT2-NATIONAL", {}],
  [107, "EPACT2-GP", { signed: false }],
  [108, "EPACT2-NATIONAL", {}],
  [109, "EPACT2-GP", { signed: false }],
  [110, "EPACT2-GP", { signed: false }],
  [111, "EPACT2-GP", { signed: false }],
  [112, "EPACT2-NATIONAL", {}],
  [113, "EPACT2-NATIONAL", {}],
  [114, "EPACT2-NATIONAL", {}],
];

/** Case rows by the Message-ID that opened them, after the one pass that took every message in. */
const opened = new Map<string, CaseRow>();

const questionMail = (messageId: string, subject: string, text: string): Promise<Buffer> =>
  buildMail({ from: "Dr Bob Authoriser <bob.authoriser@nhs.net>", to: SUPPORT, subject, text, messageId }).then((raw) => signMail(raw, nhs));

/** Every message the tests start from, delivered at once and taken in by one pass of the real intake. */
async function referEverything(): Promise<void> {
  for (const [n, formId, options] of FORM_CASES) {
    const raw = await formMail({
      formId,
      messageId: `<case-${n}@nhs.net>`,
      signWith: options.signed === false ? null : nhs,
      ...(options.from ? { from: options.from } : {}),
      values: { applicant_email: `applicant.${n}@nhs.net`, ...options.values },
    });
    ws.deliver(raw, `1.${n}.case`);
  }
  ws.deliver(await questionMail("<question@nhs.net>", "Which form do I need?", "Which form does a pharmacist at my practice need?"), "2.question");
  ws.deliver(await questionMail("<race@nhs.net>", "A question", "Is my form with you?"), "2.race");
  expect(ws.intake("run", "--once").code).toBe(0);
  const { cases } = json<{ cases: (CaseRow & { messageId: string })[] }>("cases", "list", "--all", "--limit", "10000");
  for (const c of cases) opened.set(c.messageId, c);
}

function referred(messageId: string): CaseRow {
  const row = opened.get(messageId);
  expect(row, `no case opened by ${messageId}`).toBeDefined();
  return row!;
}

function formCase(applicantN: number): { id: number; messageId: string; row: CaseRow } {
  const messageId = `<case-${applicantN}@nhs.net>`;
  const row = referred(messageId);
  return { id: row.id, messageId, row };
}

/** The emails in the outbox now, by file, to tell what an action added. */
const outboxSize = async (): Promise<ReadonlySet<string>> => new Set((await ws.outbox()).map((e) => e.file));
const sentAfter = async (before: ReadonlySet<string>) => (await ws.outbox()).filter((e) => !before.has(e.file));

describe("accepting a referred request", () => {
  it("NATIONAL_ACCESS_REVIEW: listed by its reason, claimed, accepted; the request authorised and the same emails as an automatic acceptance", async () => {
    const { id, messageId, row } = formCase(101);
    expect(row).toMatchObject({ state: "open", reasons: ["NATIONAL_ACCESS_REVIEW"] });
    const listed = json<{ cases: CaseRow[] }>("cases", "list", "--reason", "NATIONAL_ACCESS_REVIEW");
    expect(listed.cases.map((c) => c.id)).toContain(id);

    expect(json<{ state: string }>("cases", "claim", String(id), "--as", AGENT)).toMatchObject({ state: "claimed" });
    const claimedByOther = ws.intake("cases", "claim", String(id), "--as", OTHER_AGENT);
    expect(claimedByOther.code).toBe(2);
    expect(claimedByOther.stderr).toContain(`already claimed by ${AGENT}`);

    const before = await outboxSize();
    const accepted = json<{ state: string; resolution: string; emails: { kind: string; recipient: string }[] }>("cases", "accept", String(id), "--as", AGENT, "--note", "justification checked with the regional team");
    expect(accepted).toMatchObject({ state: "resolved", resolution: "accepted" });
    const emails = await sentAfter(before);
    expect(emails.map((e) => e.to).sort()).toEqual(["applicant.101@nhs.net", "bob.authoriser@nhs.net"]);
    for (const email of emails) {
      expect(email.inReplyTo).toBe(messageId);
      expect(email.references).toContain(messageId);
    }
    const request = (await ws.requests()).find((r) => r.reference === row.requestReference);
    expect(request?.status).toBe("authorised");

    const show = json<{ history: { actor: string; event: string; note: string | null }[]; resolvedBy: string }>("cases", "show", String(id));
    expect(show.resolvedBy).toBe(AGENT);
    expect(show.history).toEqual(expect.arrayContaining([expect.objectContaining({ actor: AGENT, note: "justification checked with the regional team" })]));
  });

  it("SENDER_UNVERIFIED: refused without a note saying how the sender was confirmed (exit 2, nothing changed); accepted with one", async () => {
    const { id, messageId, row } = formCase(102);
    expect(row.reasons).toEqual(["SENDER_UNVERIFIED"]);
    const before = await outboxSize();
    const refused = ws.intake("cases", "accept", String(id), "--as", AGENT);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("a note saying how the sender was confirmed");
    expect(json<{ summary: { state: string } }>("cases", "show", String(id)).summary.state).toBe("open");

    json("cases", "accept", String(id), "--as", AGENT, "--note", "telephoned Dr Bob Authoriser at the practice on 01234 567890");
    const emails = await sentAfter(before);
    expect(emails.map((e) => e.to).sort()).toEqual(["applicant.102@nhs.net", "bob.authoriser@nhs.net"]);
    const message = (await ws.messages()).find((m) => m.messageId === messageId);
    expect(message).toMatchObject({ outcome: "accepted", senderProof: "support-team" });
    expect((await ws.requests()).find((r) => r.reference === message?.requestReference)).toMatchObject({ status: "authorised", applicantEmail: "applicant.102@nhs.net" });
    expect(emails.find((e) => e.to === "applicant.102@nhs.net")?.subject).toContain(message?.requestReference ?? "no reference");
    expect(json<{ request: { reference: string } | null }>("cases", "show", String(id)).request?.reference).toBe(message?.requestReference);
  });

  it("a form the rules still cannot accept is refused with its reasons (exit 2)", () => {
    const { id } = formCase(103);
    const refused = ws.intake("cases", "accept", String(id), "--as", AGENT);
    expect(refused.code).toBe(2);
  });
});

describe("adding the authoriser", () => {
  it("AUTHORISER_NOT_RECOGNISED: the verified authoriser added to the directory, the form judged again and accepted", async () => {
    const dana = DANA;
    const { id } = formCase(104);
    const before = await outboxSize();
    expect(json("cases", "add-authoriser", String(id), "--as", AGENT)).toMatchObject({ state: "resolved", resolution: "accepted" });
    expect((await sentAfter(before)).map((e) => e.to).sort()).toEqual(["applicant.104@nhs.net", dana]);
    const directory = ws.intake("authorisers", "list", "--email", dana);
    expect(directory.stdout).toContain("A81001");
  });

  it("is refused for a case referred for anything else (exit 2)", () => {
    const { id } = formCase(105);
    const refused = ws.intake("cases", "add-authoriser", String(id), "--as", AGENT);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("AUTHORISER_NOT_RECOGNISED");
  });
});

describe("rejecting, asking for a correction, answering, dismissing", () => {
  it("reject: the verified authoriser gets the reasons and the agent's words; the applicant hears the form went back", async () => {
    const { id, messageId } = formCase(106);
    const before = await outboxSize();
    const result = json<{ resolution: string }>("cases", "reject", String(id), "--as", AGENT, "--reason", "JUSTIFICATION_REQUIRED", "--text", "The justification does not say which national programme needs the data.");
    expect(result.resolution).toBe("rejected");
    const emails = await sentAfter(before);
    expect(emails.map((e) => e.to).sort()).toEqual(["applicant.106@nhs.net", "bob.authoriser@nhs.net"]);
    const rejection = emails.find((e) => e.to === "bob.authoriser@nhs.net")!;
    expect(rejection.inReplyTo).toBe(messageId);
    expect(rejection.text).toContain("which national programme needs the data");
    const returned = emails.find((e) => e.to === "applicant.106@nhs.net")!;
    expect(returned.text).not.toContain("national programme");
  });

  it("reject an unverified sender's form: nobody is written to, and the agent is told so", async () => {
    const { id } = formCase(107);
    const before = await outboxSize();
    const result = ws.intake("cases", "reject", String(id), "--as", AGENT, "--text", "We could not confirm who sent this.");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("The sender is not verified: nobody was written to.");
    expect(await sentAfter(before)).toEqual([]);
  });

  it("ask for a correction: the case waits; the corrected form, referred again, reopens it with its history", async () => {
    const { id } = formCase(108);
    const before = await outboxSize();
    expect(json("cases", "ask-correction", String(id), "--as", AGENT, "--text", "Please say which programme the data is for.")).toMatchObject({ state: "waiting" });
    const [asked] = await sentAfter(before);
    expect(asked).toMatchObject({ to: "bob.authoriser@nhs.net" });
    expect(asked?.text).toContain("Please say which programme the data is for.");

    ws.deliver(await formMail({ formId: "EPACT2-NATIONAL", messageId: "<case-108-corrected@nhs.net>", signWith: nhs, values: { applicant_email: "applicant.108@nhs.net" } }));
    expect(ws.intake("run", "--once").code).toBe(0);
    const show = json<{ summary: { state: string }; history: { event: string }[] }>("cases", "show", String(id));
    expect(show.summary.state).toBe("open");
    expect(show.history.map((h) => h.event)).toEqual(expect.arrayContaining([expect.stringContaining("correction-asked"), expect.stringContaining("message-joined"), expect.stringContaining("reopened")]));
  });

  it("a forged follow-up (the same From, nothing proving it) opens a case of its own: the waiting case is not reopened or taken over", async () => {
    const { id } = formCase(114);
    json("cases", "ask-correction", String(id), "--as", AGENT, "--text", "Please say which programme the data is for.");
    const forgedId = "<case-114-forged@nhs.net>";
    ws.deliver(await formMail({ formId: "EPACT2-NATIONAL", messageId: forgedId, signWith: null, values: { applicant_email: "applicant.114@nhs.net" } }));
    expect(ws.intake("run", "--once").code).toBe(0);
    expect(json<{ summary: { state: string } }>("cases", "show", String(id)).summary.state).toBe("waiting");
    const { cases } = json<{ cases: (CaseRow & { messageId: string })[] }>("cases", "list");
    expect(cases.find((c) => c.messageId === forgedId)).toMatchObject({ state: "open", reasons: ["SENDER_UNVERIFIED"] });
    expect(cases.find((c) => c.messageId === forgedId)?.id).not.toBe(id);
  });

  it("answer a question sent without a form: threaded, from the service, to the verified sender only", async () => {
    const messageId = "<question@nhs.net>";
    const row = referred(messageId);
    expect(row.reasons).toEqual(["FORM_MISSING"]);
    const before = await outboxSize();
    expect(json("cases", "answer", String(row.id), "--as", AGENT, "--text", "Please use the GP Practice Access form.")).toMatchObject({ resolution: "answered" });
    const [answer] = await sentAfter(before);
    expect(answer).toMatchObject({ to: "bob.authoriser@nhs.net", inReplyTo: messageId });
    expect(answer?.references).toContain(messageId);
    expect(answer?.text).toContain("Please use the GP Practice Access form.");
  });

  it("dismiss needs a note; a resolved case refuses every action with who resolved it and when (exit 1)", () => {
    const { id } = formCase(109);
    expect(ws.intake("cases", "dismiss", String(id), "--as", AGENT, "--note", " ").code).toBe(2);
    json("cases", "dismiss", String(id), "--as", AGENT, "--note", "spam");
    const late = ws.intake("cases", "accept", String(id), "--as", OTHER_AGENT, "--note", "x");
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(new RegExp(`already resolved \\(dismissed\\) by ${AGENT} at \\d{4}-`));
    expect(json<{ cases: CaseRow[] }>("cases", "list").cases.map((c) => c.id)).not.toContain(id);
    expect(json<{ cases: CaseRow[] }>("cases", "list", "--all").cases.map((c) => c.id)).toContain(id);
  });

  it("bad input is refused with exit 2 and a message naming it", () => {
    const { id } = formCase(110);
    const cases: [string[], string][] = [
      [["cases", "show", "999999"], "there is no case 999999"],
      [["cases", "claim", "abc", "--as", AGENT], "not a case number"],
      [["cases", "claim", String(id), "--as", "not an address"], "not an email address"],
      [["cases", "reject", String(id), "--as", AGENT, "--reason", "NOT_A_CODE"], "not a reason a form is rejected for"],
      [["cases", "answer", String(id), "--as", AGENT, "--text", "x".repeat(2001)], "at most 2000"],
      [["cases", "snooze", String(id), "--as", AGENT, "--until", "2020-01-01"], "after today"],
      [["requests", "provision", "NO-SUCH-REF", "--as", AGENT], "there is no request"],
    ];
    for (const [args, message] of cases) {
      const result = ws.intake(...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});

describe("snoozing", () => {
  it("a snoozed case is listed as snoozed until its day", () => {
    const { id } = formCase(111);
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    expect(json("cases", "snooze", String(id), "--as", AGENT, "--until", tomorrow)).toMatchObject({ state: "snoozed" });
    const snoozed = json<{ cases: CaseRow[] }>("cases", "list", "--state", "snoozed");
    expect(snoozed.cases.map((c) => c.id)).toContain(id);
  });
});

describe("provisioning", () => {
  it("an authorised request marked provisioned: the applicant told the account is ready with the sign-in link, once", async () => {
    const { id, row } = formCase(112);
    json("cases", "accept", String(id), "--as", AGENT);
    const before = await outboxSize();
    const result = ws.intake("requests", "provision", row.requestReference!, "--as", AGENT);
    expect(result.code, result.stderr).toBe(0);
    const [ready] = await sentAfter(before);
    expect(ready).toMatchObject({ to: "applicant.112@nhs.net" });
    expect(ready?.text).toContain("https://epact2.example.nhs.uk/sign-in");
    expect((await ws.requests()).find((r) => r.reference === row.requestReference)?.status).toBe("provisioned");
    const twice = ws.intake("requests", "provision", row.requestReference!, "--as", AGENT);
    expect(twice.code).toBe(1);
    expect(await sentAfter(before)).toHaveLength(1);
  });

  it("a request that is not authorised cannot be (exit 2)", () => {
    const { row } = formCase(113);
    const refused = ws.intake("requests", "provision", row.requestReference!, "--as", AGENT);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("only an authorised request");
  });
});

describe("two agents at once", () => {
  it("two processes answering the same case: one wins, the other is told who resolved it, one email", async () => {
    const messageId = "<race@nhs.net>";
    const row = referred(messageId);
    const before = await outboxSize();
    const [a, b] = await Promise.all([
      runIntakeAsync(["cases", "answer", String(row.id), "--as", AGENT, "--text", "Yes, from Sam."], ws.env),
      runIntakeAsync(["cases", "answer", String(row.id), "--as", OTHER_AGENT, "--text", "Yes, from Kim."], ws.env),
    ]);
    expect([a.code, b.code].sort()).toEqual([0, 1]);
    const loser = a.code === 1 ? a : b;
    expect(loser.stderr).toMatch(/already resolved \(answered\) by (sam|kim)\.agent@nhs\.net at \d{4}-/);
    const answers = (await sentAfter(before)).filter((e) => e.inReplyTo === messageId);
    expect(answers).toHaveLength(1);
  });
});
