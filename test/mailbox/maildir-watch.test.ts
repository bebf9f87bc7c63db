// Watching a Maildir inbox: a message that appears in new/ (or cur/) is reported; a message
// taken out of the inbox is not; a stopped watch reports nothing.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Mailbox, MailboxWatch } from "../../src/mailbox/mailbox.ts";
import { openMaildirMailbox } from "../../src/mailbox/maildir-mailbox.ts";
import { decidedFiling } from "../support/decided-filing.ts";
import { buildMail } from "../support/mail-builder.ts";
import { waitUntil } from "../support/reply-latency.ts";

let root: string;
let mailbox: Mailbox;
let arrivals: number;
let watch: MailboxWatch;

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "maildir-watch-"));
  mailbox = openMaildirMailbox(root);
  arrivals = 0;
  watch = await mailbox.watch(() => arrivals++);
});

afterEach(async () => {
  await mailbox.close();
  rmSync(root, { recursive: true, force: true });
});

let count = 0;
/** Delivered as a delivery agent does: written in tmp/, then renamed into `into`. */
async function deliver(into: "new" | "cur"): Promise<void> {
  const name = `${Date.now()}.M${++count}P${process.pid}.test`;
  const raw = await buildMail({ from: "applicant@nhs.net", to: "dataservicessupport@nhsbsa.nhs.uk", subject: "Form", text: "Attached." });
  writeFileSync(path.join(root, "tmp", name), raw);
  renameSync(path.join(root, "tmp", name), path.join(root, into, into === "cur" ? `${name}:2,` : name));
}

describe("watching a Maildir", () => {
  it("is active and reports a message delivered into new/", async () => {
    expect(watch.active).toBe(true);

    await deliver("new");

    await waitUntil(() => arrivals > 0, 2_000, "delivery into new/ reported");
  });

  it("reports a message that appears in cur/ (moved there by a mail client)", async () => {
    await deliver("cur");

    await waitUntil(() => arrivals > 0, 2_000, "delivery into cur/ reported");
  });

  it("does not report messages filed out of the inbox", async () => {
    await deliver("new");
    await waitUntil(() => arrivals > 0, 2_000, "delivery reported");
    const entries = await mailbox.waiting();
    await mailbox.file(await decidedFiling(mailbox, entries, "processed"));
    const afterFiling = arrivals;

    // A marker delivered now is reported after anything the filing caused.
    await deliver("new");
    await waitUntil(() => arrivals > afterFiling, 2_000, "the marker reported");

    expect(arrivals).toBe(afterFiling + 1);
  });

  it("reports nothing once stopped", async () => {
    await watch.stop();
    const witness = openMaildirMailbox(root);
    let witnessed = 0;
    await witness.watch(() => witnessed++);

    await deliver("new");
    await waitUntil(() => witnessed > 0, 2_000, "the delivery seen by a live watch");
    await witness.close();

    expect(arrivals).toBe(0);
  });
});
