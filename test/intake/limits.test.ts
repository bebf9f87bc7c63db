// One message cannot stall the queue: each message over a limit on what one message may hold,
// through the real pipeline (the Maildir, the intake, SQLite, the .eml outbox), is referred with
// a reason code that says which limit it went over, and the next message in the inbox is handled
// in the same pass. The budget of one message (time and memory: slow PDFs, decompression bombs,
// a 25 MB message), which takes seconds a case by design, is proven in
// test/faults/message-budget.test.ts, run by `npm run test:faults`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileThenGenuine } from "../support/hostile-pass.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";

let nhs: DkimKey;
let ws: Workspace;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "limits1");
  ws = await createWorkspace([nhs], { env: { INTAKE_REPLY_CAP_PER_DAY: "1000" } });
});
afterAll(() => ws?.remove());

const SUPPORT = "dataservicessupport@nhsbsa.nhs.uk";

describe("limits on what one message may hold", () => {
  it.each([
    ["oversized header", "MESSAGE_HEADER_TOO_LARGE"],
    ["too many header fields", "MESSAGE_HEADER_TOO_LARGE"],
    ["too many signatures", "MESSAGE_TOO_MANY_SIGNATURES"],
  ] as const)("%s: referred unjudged as %s, only the support team told; the next form accepted", async (kind, code) => {
    const handled = await hostileThenGenuine(ws, nhs, kind);
    expect(handled).toMatchObject({ outcome: "flagged", reasons: [code], repliesTo: [SUPPORT], nextOutcome: "accepted" });
  });

  it("too many PDFs: referred unread as MESSAGE_TOO_MANY_PDFS; the verified sender hears it was passed on; the next form accepted", async () => {
    const handled = await hostileThenGenuine(ws, nhs, "too many PDFs");
    expect(handled).toMatchObject({ outcome: "flagged", reasons: ["MESSAGE_TOO_MANY_PDFS"], repliesTo: ["bob.authoriser@nhs.net", SUPPORT], nextOutcome: "accepted" });
  });
});
