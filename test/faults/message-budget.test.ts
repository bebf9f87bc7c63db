// The budget of one message: a message that would keep the examiner busy for minutes or take
// the machine's memory (a slow PDF, ten signatures over a 20 MB body, decompression bombs, a
// 16 MB field, a message at the size limit), through the real pipeline (the Maildir, the intake,
// SQLite, the .eml outbox), is cut off at its time or memory limit and referred, and the genuine
// form behind it is accepted in the same pass. Each case takes seconds by design (it waits out a
// budget or fills a memory limit), so these run with the fault tests, one file at a time; the
// limits on what a message may hold are in test/intake/limits.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileThenGenuine } from "../support/hostile-pass.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";

/** The default budget: every genuine message fits in it many times over, even on a busy machine. */
const BUDGET_MS = 15_000;
/** Far shorter than the busy PDF needs, far longer than a form. */
const SHORT_BUDGET_MS = 3_000;
let nhs: DkimKey;
let ws: Workspace;
let shortBudget: Workspace;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "budget1");
  ws = await createWorkspace([nhs], { env: { INTAKE_MESSAGE_BUDGET_MS: String(BUDGET_MS), INTAKE_REPLY_CAP_PER_DAY: "1000" } });
  shortBudget = await createWorkspace([nhs], { env: { INTAKE_MESSAGE_BUDGET_MS: String(SHORT_BUDGET_MS), INTAKE_REPLY_CAP_PER_DAY: "1000" } });
});
afterAll(() => {
  ws?.remove();
  shortBudget?.remove();
});

// A cut made before the attachments (MESSAGE_TIME_LIMIT, with the stage named) is shown against
// the examiner itself in test/examine/examiner.test.ts: within the limits above, no message's
// header, signatures and MIME take long enough to be cut off reliably at a budget a form fits in.
describe("the budget of one message", () => {
  it(`a PDF that keeps the reader busy: cut off at the budget (${SHORT_BUDGET_MS / 1000} s here), the form unreadable, the next form accepted`, async () => {
    const handled = await hostileThenGenuine(shortBudget, nhs, "busy PDF");
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"], nextOutcome: "accepted" });
    expect(handled.seconds).toBeLessThan(SHORT_BUDGET_MS / 1000 + 30); // the pass was not held for the minutes the PDF would take
  });

  it("ten signatures over a 20 MB body: checked within the budget, never a reason to hold the queue", async () => {
    const handled = await hostileThenGenuine(ws, nhs, "signatures over a long body");
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["FORM_MISSING"], nextOutcome: "accepted" });
  });

  it.each(["deflate bomb", "text-heavy PDF"] as const)("%s: cut off at the memory limit, the form unreadable", async (kind) => {
    const handled = await hostileThenGenuine(ws, nhs, kind);
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["FORM_UNREADABLE"], nextOutcome: "accepted" });
  });

  it("a field holding 16 MB of text: never accepted; the next form accepted", async () => {
    const handled = await hostileThenGenuine(ws, nhs, "huge field value");
    expect(handled.outcome).not.toBe("accepted");
    expect(handled.nextOutcome).toBe("accepted");
  });

  it("a message at the size limit with an attachment over its limit: the attachment too large, unread", async () => {
    const handled = await hostileThenGenuine(ws, nhs, "25 MB message");
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["FORM_TOO_LARGE"], nextOutcome: "accepted" });
  });
});
