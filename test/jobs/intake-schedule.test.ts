// The schedule in this process, on a real Maildir and a real Dovecot: new mail starts a pass at
// once (the cron schedule is hourly), passes never overlap, deliveries during a pass make exactly
// one more pass, and a pass that fails (the IMAP server down) is logged and the next one works.
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import winston from "winston";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { closeIntake, openIntake, type IntakeContext } from "../../src/intake/intake-context.ts";
import { startIntakeSchedule, type RunningSchedule } from "../../src/jobs/intake-schedule.ts";
import { openImapMailbox } from "../../src/mailbox/imap-mailbox.ts";
import type { Logger } from "../../src/log/logger.ts";
import type { Mailbox } from "../../src/mailbox/mailbox.ts";
import { startDovecot } from "../support/dovecot.ts";
import { testImapServer } from "../support/imap-test-mailbox.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { waitUntil } from "../support/reply-latency.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "../intake/form-mail.ts";

const HOURLY = "0 * * * *";

let nhs: DkimKey;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "sched1");
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A logger that keeps every message, in order. */
function recordingLogger(): { log: Logger; messages: string[] } {
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      messages.push((JSON.parse(chunk.toString()) as { message: string }).message);
      done();
    },
  });
  const log = winston.createLogger({ level: "debug", format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] });
  return { log, messages };
}

const count = (messages: readonly string[], message: string): number => messages.filter((m) => m === message).length;

/** Passes began and ended strictly in turn. */
function passesInTurn(messages: readonly string[]): boolean {
  let running = false;
  for (const message of messages) {
    if (message === "intake pass starting") {
      if (running) return false;
      running = true;
    } else if (message === "intake pass finished" || message === "intake pass failed") {
      running = false;
    }
  }
  return true;
}

async function start(ws: Workspace, adapt: (context: IntakeContext) => Promise<IntakeContext> = (c) => Promise.resolve(c)) {
  const { log, messages } = recordingLogger();
  const context = await adapt(await openIntake(loadConfig(ws.env), log));
  const schedule: RunningSchedule = startIntakeSchedule(context);
  cleanups.push(async () => {
    await schedule.stop();
    await closeIntake(context);
  });
  return { context, schedule, messages };
}

/**
 * The real mailbox, except that once holdNext() is called, the next inbox listing is held back
 * (after it was read) until release(): a pass that is under way for as long as the test needs.
 * `listed` gives how many messages that listing found.
 */
function holdingListing() {
  let armed = false;
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reportListed = (_count: number): void => undefined;
  const listed = new Promise<number>((resolve) => (reportListed = resolve));
  const adapt = (context: IntakeContext): Promise<IntakeContext> => {
    const real = context.mailbox;
    const waiting = async (): ReturnType<Mailbox["waiting"]> => {
      const entries = await real.waiting();
      if (armed) {
        armed = false;
        reportListed(entries.length);
        await released;
      }
      return entries;
    };
    const mailbox = new Proxy(real, {
      get(target, property) {
        if (property === "waiting") return waiting;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return Promise.resolve({ ...context, mailbox });
  };
  return { adapt, listed, release, holdNext: () => (armed = true) };
}

let fileCount = 0;
/** Into new/ as a delivery agent puts it there: written in tmp/, then renamed. */
function deliverToMaildir(ws: Workspace, raw: Buffer): string {
  const name = `${Date.now()}.M${++fileCount}P${process.pid}.sched`;
  const maildir = path.join(ws.home, "var/mailbox");
  writeFileSync(path.join(maildir, "tmp", name), raw);
  renameSync(path.join(maildir, "tmp", name), path.join(maildir, "new", name));
  return name;
}

function form(batch: string, n: number): Promise<Buffer> {
  return formMail({
    signWith: nhs,
    messageId: `<${batch}-${n}@nhs.net>`,
    values: { applicant_first_name: `Applicant${n}`, applicant_last_name: batch, applicant_email: `applicant.${batch}.${n}@nhs.net` },
  });
}

async function maildirWorkspace(): Promise<Workspace> {
  const ws = await createWorkspace([nhs], { env: { INTAKE_SCHEDULE: HOURLY, INTAKE_REPLY_CAP_PER_DAY: "1000000" } });
  cleanups.push(() => ws.remove());
  return ws;
}

describe("the intake schedule", () => {
  it("takes new mail in the Maildir at once, without waiting for the hourly schedule", async () => {
    const [ws, raw] = await Promise.all([maildirWorkspace(), form("prompt", 1)]);
    const { messages } = await start(ws);
    await waitUntil(() => messages.includes("watching the mailbox for new mail"), 5_000, "watching");

    const name = deliverToMaildir(ws, raw);

    // Long before the hourly schedule would take it; no tighter, since speed is not what this proves.
    await waitUntil(() => ws.folder("processed").some((file) => file.startsWith(name)), 30_000, "the form filed");
  });

  it("never overlaps passes, and mail delivered during a pass makes exactly one more pass", async () => {
    const [ws, batch, during] = await Promise.all([
      maildirWorkspace(),
      Promise.all(Array.from({ length: 5 }, (_, n) => form("batch", n + 1))),
      Promise.all(Array.from({ length: 3 }, (_, n) => form("during", n + 1))),
    ]);
    const held = holdingListing();
    const { messages } = await start(ws, held.adapt);
    cleanups.push(held.release); // first: a failed test must not leave the pass held
    // The first pass, and the one asked for once the watch began.
    await waitUntil(() => count(messages, "intake pass finished") === 2, 10_000, "the passes at start");
    await sleep(300);

    // The pass for the batch is held once it has listed the inbox, however fast this machine
    // examines forms: every delivery below comes while it is under way.
    held.holdNext();
    for (const raw of batch) deliverToMaildir(ws, raw);
    await waitUntil(() => count(messages, "intake pass starting") === 3, 3_000, "a pass for the batch");
    expect(await held.listed, "the batch pass listed the batch").toBe(batch.length);
    for (const raw of during) {
      deliverToMaildir(ws, raw);
      await sleep(250); // longer than the gathering of arrivals: three separate asks for a pass
    }
    expect(count(messages, "intake pass finished"), "the batch pass was still running").toBe(2);
    held.release();

    await waitUntil(() => ws.folder("processed").length === batch.length + during.length, 20_000, "every form filed");
    await sleep(1_000);
    expect(count(messages, "intake pass starting")).toBe(4);
    expect(passesInTurn(messages)).toBe(true);
    expect(ws.inbox()).toEqual([]);
  });

  it("logs a pass that fails while the IMAP server is down, and the next pass takes the mail", async () => {
    const dovecot = await startDovecot();
    cleanups.push(() => dovecot.stop());
    const ws = await createWorkspace([nhs], { env: {} });
    cleanups.push(() => ws.remove());
    const caFile = path.join(ws.home, "test-ca.pem");
    writeFileSync(caFile, dovecot.certificate);
    Object.assign(ws.env, {
      INTAKE_MAILBOX: `imaps://${encodeURIComponent(dovecot.user)}@127.0.0.1:${dovecot.imapsPort}/INBOX`,
      INTAKE_IMAP_PASSWORD: dovecot.password,
      INTAKE_TLS_CA_FILE: caFile,
      INTAKE_SCHEDULE: "* * * * * *", // every second: passes are asked for while the server is down
    });
    const shortWaits = async (context: IntakeContext): Promise<IntakeContext> => {
      // The same account, giving up on a server that is down after half a second rather than five minutes.
      const mailbox = await openImapMailbox({
        ...testImapServer(dovecot),
        reconnect: { firstDelayMs: 100, maxDelayMs: 200, giveUpAfterMs: 500 },
      });
      await context.mailbox.close();
      return { ...context, mailbox };
    };
    const { messages } = await start(ws, shortWaits);
    await waitUntil(() => messages.includes("watching the mailbox for new mail"), 5_000, "watching");

    await dovecot.halt();
    await waitUntil(() => messages.includes("intake pass failed"), 5_000, "a failed pass logged");
    await dovecot.start();
    await dovecot.deliver(await form("down", 1));

    const deadline = Date.now() + 10_000;
    while ((await dovecot.list("Processed")).length === 0) {
      if (Date.now() > deadline) throw new Error(`the form delivered after the restart was not filed:\n${messages.join("\n")}`);
      await sleep(100);
    }
  });
});
