// A message whose handling ends the process every time (here: killed while pdf.js is busy on
// its attachment, as the OOM killer would end it) must not stop intake for good. Each start
// of handling is recorded; after MAX_CUT_SHORT starts that never ended, the message is
// referred to the support team unhandled, and the mail behind it goes through.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { MAX_CUT_SHORT } from "../../src/intake/run-once.ts";
import { openDatabase, type Database } from "../../src/records/database.ts";
import { busyPdf } from "../forms/support/other-pdfs.ts";
import { formMail } from "../intake/form-mail.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { startIntake } from "./support/intake-process.ts";
import { waitUntil } from "./support/progress.ts";

let nhs: DkimKey;
let ws: Workspace;
let db: Database | null = null;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "poison1");
  // Reading the poison attachment would take minutes: every run is on it when it is killed.
  ws = await createWorkspace([nhs], { env: { INTAKE_MESSAGE_BUDGET_MS: "600000" } });
});

afterAll(async () => {
  await db?.$disconnect();
  ws?.remove();
});

/** How many starts of handling `key` have not ended, or null before the database is there. */
async function outstandingAttempts(key: string): Promise<number | null> {
  const file = loadConfig(ws.env).databasePath;
  if (!existsSync(file)) return null;
  db ??= await openDatabase(file);
  try {
    return (await db.inboxAttempt.findUnique({ where: { mailboxKey: key } }))?.attempts ?? 0;
  } catch {
    return null; // the table is being created by the run's migration
  }
}

describe("a message that ends the process each time it is handled", () => {
  it(`is referred unhandled after ${MAX_CUT_SHORT} runs cut short on it, and the next message is accepted`, async () => {
    const poison = await formMail({ signWith: nhs, messageId: "<poison@nhs.net>", mail: { attachments: [{ filename: "EPACT2-GP.pdf", content: Buffer.from(await busyPdf()), contentType: "application/pdf" }] } });
    // Maildir unique names: the poison message is the older, so every pass starts with it.
    const key = ws.deliver(poison, "1000000000.poison.test");
    ws.deliver(await formMail({ signWith: nhs, messageId: "<after-poison@nhs.net>" }), "1000000001.good.test");

    for (let run = 1; run <= MAX_CUT_SHORT; run++) {
      const intake = startIntake(["run", "--once"], ws.env);
      await waitUntil(async () => (await outstandingAttempts(key)) === run, `run ${run} handling the poison message`, 60_000, 50);
      intake.kill();
      expect((await intake.exited).signal).toBe("SIGKILL");
    }
    expect(ws.inbox()).toHaveLength(2); // nothing handled, nothing lost

    const started = performance.now();
    const last = await startIntake(["run", "--once"], ws.env).exited;
    console.log(`poison message: referred unhandled on run ${MAX_CUT_SHORT + 1}, which took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ messages: 2, outcomes: { flagged: 1, accepted: 1 } });

    const messages = await ws.messages();
    expect(messages.find((m) => m.messageId === "<poison@nhs.net>")).toMatchObject({ outcome: "flagged", reasons: ["PROCESSING_FAILED"] });
    expect(messages.find((m) => m.messageId === "<after-poison@nhs.net>")).toMatchObject({ outcome: "accepted" });
    expect(ws.inbox()).toEqual([]);
    expect(ws.folder("exceptions")).toHaveLength(1);
    const notice = (await ws.outbox()).find((reply) => reply.to === "dataservicessupport@nhsbsa.nhs.uk");
    expect(notice?.text).toContain(`cut short ${MAX_CUT_SHORT} times`);
    expect(await outstandingAttempts(key)).toBe(0);
  }, 240_000);
});
