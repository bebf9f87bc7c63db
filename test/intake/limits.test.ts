// One message cannot stall the queue: each hostile message, through the real pipeline (the
// Maildir, the intake, SQLite, the .eml outbox), is referred with a reason code that says which
// limit it went over, within the budget of one message, and the next message in the inbox is
// handled in the same pass.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { genuineFormMail, HOSTILE_MESSAGES, type HostileKind } from "../support/hostile-mail.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";

/** The default budget: every genuine message fits in it many times over, even on a busy machine. */
const BUDGET_MS = 15_000;
/** Far shorter than the busy PDF needs, far longer than a form. */
const SHORT_BUDGET_MS = 3_000;
let nhs: DkimKey;
let ws: Workspace;
let shortBudget: Workspace;
let counter = 0;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "limits1");
  ws = await createWorkspace([nhs], { env: { INTAKE_MESSAGE_BUDGET_MS: String(BUDGET_MS), INTAKE_REPLY_CAP_PER_DAY: "1000" } });
  shortBudget = await createWorkspace([nhs], { env: { INTAKE_MESSAGE_BUDGET_MS: String(SHORT_BUDGET_MS), INTAKE_REPLY_CAP_PER_DAY: "1000" } });
});
afterAll(() => {
  ws?.remove();
  shortBudget?.remove();
});

interface Handled {
  readonly reasons: readonly string[] | undefined;
  readonly outcome: string | null | undefined;
  readonly repliesTo: readonly string[];
  readonly nextOutcome: string | null | undefined;
  readonly seconds: number;
}

/** Delivers the hostile message and a genuine form behind it, runs one pass, and reports both. */
async function hostileThenGenuine(kind: HostileKind, workspace: Workspace = ws): Promise<Handled> {
  const ws = workspace;
  const id = ++counter;
  const hostileId = `<hostile-${id}@nhs.net>`;
  const genuineId = `<genuine-${id}@nhs.net>`;
  ws.deliver(await HOSTILE_MESSAGES[kind]({ key: nhs, messageId: hostileId }), `${Date.now()}.A${id}.hostile`);
  ws.deliver(await genuineFormMail({ key: nhs, messageId: genuineId }, `next.applicant.${id}@nhs.net`), `${Date.now() + 1}.B${id}.genuine`);
  const started = performance.now();
  const summary = await ws.runOnce();
  const seconds = (performance.now() - started) / 1000;
  const messages = await ws.messages();
  const hostile = messages.find((m) => m.messageId === hostileId);
  const next = messages.find((m) => m.messageId === genuineId);
  const repliesTo = (await ws.outbox()).filter((r) => r.inReplyTo === hostileId).map((r) => r.to);
  console.log(`${kind}: ${hostile?.outcome} ${hostile?.reasons.join(",")} in a pass of ${seconds.toFixed(1)} s (${summary.messages} messages); next ${next?.outcome}`);
  return { reasons: hostile?.reasons, outcome: hostile?.outcome, repliesTo: repliesTo.sort(), nextOutcome: next?.outcome, seconds };
}

const SUPPORT = "dataservicessupport@nhsbsa.nhs.uk";

describe("limits on what one message may hold", () => {
  it.each([
    ["oversized header", "MESSAGE_HEADER_TOO_LARGE"],
    ["too many header fields", "MESSAGE_HEADER_TOO_LARGE"],
    ["too many signatures", "MESSAGE_TOO_MANY_SIGNATURES"],
  ] as const)("%s: referred unjudged as %s, only the support team told; the next form accepted", async (kind, code) => {
    const handled = await hostileThenGenuine(kind);
    expect(handled).toMatchObject({ outcome: "flagged", reasons: [code], repliesTo: [SUPPORT], nextOutcome: "accepted" });
  });

  it("too many PDFs: referred unread as MESSAGE_TOO_MANY_PDFS; the verified sender hears it was passed on; the next form accepted", async () => {
    const handled = await hostileThenGenuine("too many PDFs");
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["MESSAGE_TOO_MANY_PDFS"], repliesTo: ["bob.authoriser@nhs.net", SUPPORT], nextOutcome: "accepted" });
  });
});

// A cut made before the attachments (MESSAGE_TIME_LIMIT, with the stage named) is shown against
// the examiner itself in test/examine/examiner.test.ts: within the limits above, no message's
// header, signatures and MIME take long enough to be cut off reliably at a budget a form fits in.
describe("the budget of one message", () => {
  it(`a PDF that keeps the reader busy: cut off at the budget (${SHORT_BUDGET_MS / 1000} s here), the form unreadable, the next form accepted`, async () => {
    const handled = await hostileThenGenuine("busy PDF", shortBudget);
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"], nextOutcome: "accepted" });
    expect(handled.seconds).toBeLessThan(SHORT_BUDGET_MS / 1000 + 30); // the pass was not held for the minutes the PDF would take
  });

  it("ten signatures over a 20 MB body: checked within the budget, never a reason to hold the queue", async () => {
    const handled = await hostileThenGenuine("signatures over a long body");
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["FORM_MISSING"], nextOutcome: "accepted" });
  });

  it.each(["deflate bomb", "text-heavy PDF"] as const)("%s: cut off at the memory limit, the form unreadable", async (kind) => {
    const handled = await hostileThenGenuine(kind);
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"], nextOutcome: "accepted" });
  });

  it("a field holding 16 MB of text: never accepted; the next form accepted", async () => {
    const handled = await hostileThenGenuine("huge field value");
    expect(handled.outcome).not.toBe("accepted");
    expect(handled.nextOutcome).toBe("accepted");
  });

  it("a message at the size limit with an attachment over its limit: the attachment too large, unread", async () => {
    const handled = await hostileThenGenuine("25 MB message");
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["FORM_TOO_LARGE"], nextOutcome: "accepted" });
  });
});
