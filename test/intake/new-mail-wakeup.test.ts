// `intake run` wakes up when new mail arrives (IMAP IDLE, a watch on the Maildir) instead of
// waiting for INTAKE_SCHEDULE, which is set to once an hour here to prove it; where the
// mailbox cannot be watched the schedule alone still finds the mail. Every test has its own
// mail servers (or Maildir) and its own `intake run`, so they all run side by side.
import { afterAll, beforeAll, describe, it, type TestContext } from "vitest";
import type { DovecotOptions } from "../support/dovecot.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { startMailRig, type MailRig } from "../support/mail-rig.ts";
import { summariseLatency, timeToReplies, waitUntil } from "../support/reply-latency.ts";
import { startIntakeRun, type RunningIntake } from "../support/running-intake.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

const HOURLY = "0 * * * *";
const WATCHING = "watching the mailbox for new mail";
/** A stop waits at most 3 s for a pass; far more than that means it hangs, whatever the load. */
const STOPS_WITHIN_MS = 15_000;
/** An accepted GP form is answered twice: the authoriser's confirmation and the applicant's notice. */
const REPLIES_PER_FORM = 2;

/** The describe blocks, and the tests of each, run at the same time. */
const ALONGSIDE = { concurrent: true } as const;

let nhs: DkimKey;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "wake1");
});

/** `intake run` for one test, killed when the test ends unless it ended before. */
function intakeRun(env: Record<string, string>, onTestFinished: TestContext["onTestFinished"]): RunningIntake {
  const intake = startIntakeRun(env);
  onTestFinished(async () => {
    await intake.stop("SIGKILL");
  });
  return intake;
}

/** A form from applicant number `n`, each a request of its own. */
function form(batch: string, n: number): Promise<Buffer> {
  return formMail({
    signWith: nhs,
    messageId: `<${batch}-${n}@nhs.net>`,
    values: { applicant_first_name: `Applicant${n}`, applicant_last_name: batch, applicant_email: `applicant.${batch}.${n}@nhs.net` },
  });
}

/** Dovecot's INBOX read over IMAPS on `schedule`, replies through the SMTP receiver. */
function imapRig(schedule: string, dovecot: DovecotOptions = {}): Promise<MailRig> {
  return startMailRig(nhs, { dovecot, env: { INTAKE_SCHEDULE: schedule, INTAKE_LOG_LEVEL: "info" } });
}

/** The same for one test, stopped when it ends. */
async function imapRigFor(onTestFinished: TestContext["onTestFinished"]): Promise<MailRig> {
  const rig = await imapRig(HOURLY);
  onTestFinished(() => rig.stop());
  return rig;
}

describe("intake run on an IMAP inbox with IDLE", ALONGSIDE, () => {
  // How fast is measured by `npm run bench` (bench/idle-latency.ts); this pins that new mail,
  // not the hourly schedule, wakes the intake: every form is answered long before the hour.
  it("processes each delivered form and sends its replies without waiting for the hourly schedule", async ({ expect, onTestFinished }) => {
    const [rig, forms] = await Promise.all([imapRigFor(onTestFinished), Promise.all(Array.from({ length: 5 }, (_, n) => form("latency", n + 1)))]);
    const intake = intakeRun(rig.env, onTestFinished);
    await intake.waitForLog(WATCHING);

    const samples: number[] = [];
    for (const raw of forms) samples.push(await timeToReplies(rig.dovecot, rig.smtp, raw, REPLIES_PER_FORM, 60_000));
    console.log(`delivery to replies with intake run watching Dovecot (IDLE), one at a time: ${JSON.stringify(summariseLatency(samples))}`);

    // The replies can leave before the pass has filed the last form: its filing is awaited, not assumed.
    await expect.poll(async () => (await rig.dovecot.list("Processed")).length, { timeout: 30_000, interval: 200 }).toBe(5);
  });

  it("goes on watching after Dovecot restarted: a form delivered afterwards is still processed", async ({ onTestFinished }) => {
    const [rig, raw] = await Promise.all([imapRigFor(onTestFinished), form("restart", 1)]);
    const intake = intakeRun(rig.env, onTestFinished);
    await intake.waitForLog(WATCHING);

    await rig.dovecot.restart();
    await intake.waitForLog("IMAP watch session open again");
    const seconds = (await timeToReplies(rig.dovecot, rig.smtp, raw, REPLIES_PER_FORM, 60_000)) / 1000;

    console.log(`after a Dovecot restart: delivery to replies in ${seconds.toFixed(2)} s`);
  });

  it("ends cleanly (exit 0) on SIGTERM while watching", async ({ expect, onTestFinished }) => {
    const rig = await imapRigFor(onTestFinished);
    const intake = intakeRun(rig.env, onTestFinished);
    await intake.waitForLog(WATCHING);

    const started = performance.now();
    const result = await intake.stop("SIGTERM");

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('"stopping"');
    expect(performance.now() - started).toBeLessThan(STOPS_WITHIN_MS);
  });

  it("ends cleanly (exit 0) on SIGTERM while the server is down and the watch waits to reconnect", async ({ expect, onTestFinished }) => {
    const rig = await imapRigFor(onTestFinished);
    const intake = intakeRun(rig.env, onTestFinished);
    await intake.waitForLog(WATCHING);
    await rig.dovecot.halt();
    await intake.waitForLog("IMAP watch session dropped");

    const started = performance.now();
    const result = await intake.stop("SIGTERM");

    expect(result.code, result.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(STOPS_WITHIN_MS);
  });
});

describe("intake run on an IMAP server without IDLE", ALONGSIDE, () => {
  let rig: MailRig;
  let raw: Buffer;

  beforeAll(async () => {
    [rig, raw] = await Promise.all([imapRig("*/2 * * * * *", { withoutIdle: true }), form("poll", 1)]); // every 2 seconds
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it("says it cannot watch, and the schedule still processes new mail", async ({ expect, onTestFinished }) => {
    const intake = intakeRun(rig.env, onTestFinished);
    await intake.waitForLog("cannot be watched");

    const seconds = (await timeToReplies(rig.dovecot, rig.smtp, raw, REPLIES_PER_FORM, 60_000)) / 1000;

    console.log(`without IDLE, polled every 2 s: delivery to replies in ${seconds.toFixed(2)} s`);
    expect(intake.stderr()).not.toContain(WATCHING);
  });
});

describe("intake run on a Maildir", ALONGSIDE, () => {
  let ws: Workspace;
  let raw: Buffer;

  beforeAll(async () => {
    [ws, raw] = await Promise.all([createWorkspace([nhs], { env: { INTAKE_SCHEDULE: HOURLY, INTAKE_LOG_LEVEL: "info" } }), form("maildir", 1)]);
  });
  afterAll(() => ws?.remove());

  it("processes a file dropped into new/ without waiting for the hourly schedule", async ({ expect, onTestFinished }) => {
    const intake = intakeRun(ws.env, onTestFinished);
    await intake.waitForLog(WATCHING);

    const started = performance.now();
    const file = ws.deliver(raw);
    await waitUntil(() => ws.folder("processed").some((name) => name.startsWith(file)), 60_000, "the form filed in .Processed");
    const seconds = (performance.now() - started) / 1000;

    console.log(`Maildir: file in new/ to filed in ${seconds.toFixed(2)} s`);
    expect((await ws.outbox()).map((reply) => reply.to).sort()).toEqual(["applicant.maildir.1@nhs.net", "bob.authoriser@nhs.net"]);
  });
});
