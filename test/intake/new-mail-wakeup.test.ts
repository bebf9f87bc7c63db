// `intake run` wakes up when new mail arrives (IMAP IDLE, a watch on the Maildir) instead of
// waiting for INTAKE_SCHEDULE, which is set to once an hour here to prove it; where the
// mailbox cannot be watched the schedule alone still finds the mail.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { summariseLatency, timeToReplies, waitUntil } from "../support/reply-latency.ts";
import { startIntakeRun, type RunningIntake } from "../support/running-intake.ts";
import { startSmtpReceiver, type SmtpReceiver } from "../support/smtp-receiver.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

const HOURLY = "0 * * * *";
const WATCHING = "watching the mailbox for new mail";
/** An accepted GP form is answered twice: the authoriser's confirmation and the applicant's notice. */
const REPLIES_PER_FORM = 2;

let nhs: DkimKey;
const running: RunningIntake[] = [];

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "wake1");
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((intake) => intake.stop("SIGKILL")));
});

function intakeRun(env: Record<string, string>): RunningIntake {
  const intake = startIntakeRun(env);
  running.push(intake);
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

/** A workspace reading Dovecot's INBOX over IMAPS and replying through the SMTP receiver. */
async function imapWorkspace(dovecot: Dovecot, smtp: SmtpReceiver, schedule: string): Promise<Workspace> {
  const ws = await createWorkspace([nhs], { env: {} });
  const caFile = path.join(ws.home, "test-ca.pem");
  writeFileSync(caFile, `${dovecot.certificate}\n${smtp.certificate}`);
  Object.assign(ws.env, {
    INTAKE_MAILBOX: `imaps://${encodeURIComponent(dovecot.user)}@127.0.0.1:${dovecot.imapsPort}/INBOX`,
    INTAKE_IMAP_PASSWORD: dovecot.password,
    INTAKE_OUTBOX: `smtp://${encodeURIComponent(smtp.user)}@127.0.0.1:${smtp.port}`,
    INTAKE_SMTP_PASSWORD: smtp.password,
    INTAKE_TLS_CA_FILE: caFile,
    INTAKE_SCHEDULE: schedule,
    INTAKE_LOG_LEVEL: "info",
    // One authoriser signs every form here: the daily cap against reply loops must not apply.
    INTAKE_REPLY_CAP_PER_DAY: "1000000",
  });
  return ws;
}

describe("intake run on an IMAP inbox with IDLE", () => {
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let ws: Workspace;

  beforeAll(async () => {
    dovecot = await startDovecot();
    smtp = await startSmtpReceiver();
    ws = await imapWorkspace(dovecot, smtp, HOURLY);
  });
  afterAll(async () => {
    ws?.remove();
    await smtp?.stop();
    await dovecot?.stop();
  });

  it("processes a delivered form and sends its replies within seconds, without waiting for the hourly schedule", async () => {
    const forms = await Promise.all(Array.from({ length: 20 }, (_, n) => form("latency", n + 1)));
    const intake = intakeRun(ws.env);
    await intake.waitForLog(WATCHING);

    const samples: number[] = [];
    for (const raw of forms) samples.push(await timeToReplies(dovecot, smtp, raw, REPLIES_PER_FORM, 10_000));
    const summary = summariseLatency(samples);
    console.log(`delivery to replies with intake run watching Dovecot (IDLE), one at a time: ${JSON.stringify(summary)}`);

    expect(summary.p95Ms).toBeLessThan(5_000);
    expect((await dovecot.list("Processed")).length).toBe(20);
  });

  it("goes on watching after Dovecot restarted: a form delivered afterwards is still processed", async () => {
    const intake = intakeRun(ws.env);
    await intake.waitForLog(WATCHING);

    await dovecot.restart();
    await intake.waitForLog("IMAP watch session open again");
    const seconds = (await timeToReplies(dovecot, smtp, await form("restart", 1), REPLIES_PER_FORM, 10_000)) / 1000;

    console.log(`after a Dovecot restart: delivery to replies in ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(5);
  });

  it("ends cleanly (exit 0) on SIGTERM while watching", async () => {
    const intake = intakeRun(ws.env);
    await intake.waitForLog(WATCHING);

    const started = performance.now();
    const result = await intake.stop("SIGTERM");

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('"stopping"');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("ends cleanly (exit 0) on SIGTERM while the server is down and the watch waits to reconnect", async () => {
    const intake = intakeRun(ws.env);
    await intake.waitForLog(WATCHING);
    await dovecot.halt();
    try {
      await intake.waitForLog("IMAP watch session dropped");

      const started = performance.now();
      const result = await intake.stop("SIGTERM");

      expect(result.code, result.stderr).toBe(0);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await dovecot.start();
    }
  });
});

describe("intake run on an IMAP server without IDLE", () => {
  let dovecot: Dovecot;
  let smtp: SmtpReceiver;
  let ws: Workspace;

  beforeAll(async () => {
    dovecot = await startDovecot({ withoutIdle: true });
    smtp = await startSmtpReceiver();
    ws = await imapWorkspace(dovecot, smtp, "*/2 * * * * *"); // every 2 seconds
  });
  afterAll(async () => {
    ws?.remove();
    await smtp?.stop();
    await dovecot?.stop();
  });

  it("says it cannot watch, and the schedule still processes new mail", async () => {
    const intake = intakeRun(ws.env);
    await intake.waitForLog("cannot be watched");

    const seconds = (await timeToReplies(dovecot, smtp, await form("poll", 1), REPLIES_PER_FORM, 10_000)) / 1000;

    console.log(`without IDLE, polled every 2 s: delivery to replies in ${seconds.toFixed(2)} s`);
    expect(intake.stderr()).not.toContain(WATCHING);
  });
});

describe("intake run on a Maildir", () => {
  let ws: Workspace;

  beforeAll(async () => {
    ws = await createWorkspace([nhs], { env: { INTAKE_SCHEDULE: HOURLY, INTAKE_LOG_LEVEL: "info" } });
  });
  afterAll(() => ws?.remove());

  it("processes a file dropped into new/ within seconds, without waiting for the hourly schedule", async () => {
    const intake = intakeRun(ws.env);
    await intake.waitForLog(WATCHING);

    const started = performance.now();
    const file = ws.deliver(await form("maildir", 1));
    await waitUntil(() => ws.folder("processed").some((name) => name.startsWith(file)), 5_000, "the form filed in .Processed");
    const seconds = (performance.now() - started) / 1000;

    console.log(`Maildir: file in new/ to filed in ${seconds.toFixed(2)} s`);
    expect((await ws.outbox()).map((reply) => reply.to).sort()).toEqual(["applicant.maildir.1@nhs.net", "bob.authoriser@nhs.net"]);
  });
});
