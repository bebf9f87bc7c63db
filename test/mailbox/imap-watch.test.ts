// Watching an IMAP inbox against a real Dovecot on loopback: new mail is reported (IDLE and
// EXISTS), mail leaving the inbox is not, the watch survives a server restart and tells the
// caller to look once it is back, and a server without IDLE gives an inactive watch.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MailboxClosedError } from "../../src/mailbox/imap-errors.ts";
import type { ImapMailboxOptions } from "../../src/mailbox/imap-mailbox.ts";
import type { Mailbox, MailboxWatch } from "../../src/mailbox/mailbox.ts";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { decidedFiling } from "../support/decided-filing.ts";
import { testMailboxes } from "../support/imap-test-mailbox.ts";
import { buildMail } from "../support/mail-builder.ts";
import { summariseLatency, waitUntil } from "../support/reply-latency.ts";

let dovecot: Dovecot;
const mailboxes = testMailboxes();

beforeAll(async () => {
  dovecot = await startDovecot();
});

afterAll(async () => {
  await dovecot?.stop();
});

beforeEach(async () => {
  await dovecot.reset();
});

afterEach(async () => {
  await mailboxes.closeAll();
});

const open = (server: Dovecot = dovecot, overrides: Partial<ImapMailboxOptions> = {}): Promise<Mailbox> => mailboxes.open(server, overrides);

let noteCount = 0;
function note(): Promise<Buffer> {
  const n = ++noteCount;
  return buildMail({
    from: `Applicant ${n} <applicant${n}@nhs.net>`,
    to: "dataservicessupport@nhsbsa.nhs.uk",
    subject: `ePACT2 registration ${n}`,
    text: "Registration form attached.",
    messageId: `<watch-note-${n}@test.nhs.net>`,
  });
}

/**
 * Waits until `watching` reports a marker delivered now: whatever happened before the marker
 * was delivered has been reported by then (IDLE answers in order), so a count taken after it
 * shows that nothing else was, without sleeping on it.
 */
async function fence(watching: { arrivals: () => number }): Promise<void> {
  const before = watching.arrivals();
  await dovecot.deliver(await note());
  await waitUntil(() => watching.arrivals() > before, 5_000, "the marker delivery reported");
}

/** A watch that counts the calls of onArrival. */
async function watchCounting(mailbox: Mailbox): Promise<{ watch: MailboxWatch; arrivals: () => number }> {
  let arrivals = 0;
  const watch = await mailbox.watch(() => arrivals++);
  return { watch, arrivals: () => arrivals };
}

describe("watching an inbox on a server with IDLE", () => {
  it("reports each delivery within a second or two", async () => {
    const mailbox = await open();
    const { watch, arrivals } = await watchCounting(mailbox);
    expect(watch.active).toBe(true);

    const samples: number[] = [];
    for (let n = 1; n <= 5; n++) {
      const raw = await note();
      const started = performance.now();
      await dovecot.deliver(raw);
      await waitUntil(() => arrivals() >= n, 3_000, `delivery ${n} reported`);
      samples.push(performance.now() - started);
    }
    console.log(`IMAP watch: delivery (APPEND) to onArrival on Dovecot: ${JSON.stringify(summariseLatency(samples))}`);
  });

  it("does not report mail leaving the inbox (filed by intake)", async () => {
    await dovecot.deliverAll([await note(), await note()]);
    const mailbox = await open();
    const { arrivals } = await watchCounting(mailbox);

    const entries = await mailbox.waiting();
    await mailbox.file(await decidedFiling(mailbox, entries, "processed"));
    await fence({ arrivals });

    expect(arrivals()).toBe(1); // the marker alone
    expect(await dovecot.list("Processed")).toHaveLength(2);
  });

  it("leaves the mailbox's own session free: listing and reading go on while it watches", async () => {
    const mailbox = await open();
    const { arrivals } = await watchCounting(mailbox);
    const raw = await note();
    await dovecot.deliver(raw);
    await waitUntil(() => arrivals() >= 1, 3_000, "delivery reported");

    const [entry] = await mailbox.waiting();
    expect((await mailbox.read(entry!)).equals(raw)).toBe(true);
  });

  it("goes on reporting with IDLE issued afresh every 300 ms", async () => {
    const mailbox = await open(dovecot, { idleRestartMs: 300 });
    const { arrivals } = await watchCounting(mailbox);
    await sleep(1_200); // about four IDLEs ended and issued again

    await dovecot.deliver(await note());

    await waitUntil(() => arrivals() >= 1, 3_000, "delivery reported after IDLE restarts");
  });

  it("opens a new session after Dovecot restarted, reports once that it is back, then reports new mail", async () => {
    const logged: string[] = [];
    const log = { warn: (message: string) => logged.push(message), info: (message: string) => logged.push(message) };
    const mailbox = await open(dovecot, { log });
    const { arrivals } = await watchCounting(mailbox);

    await dovecot.restart();
    await waitUntil(() => arrivals() >= 1, 10_000, "the reconnected watch reported");
    expect(logged).toContain("IMAP watch session open again");

    await dovecot.deliver(await note());
    await waitUntil(() => arrivals() >= 2, 3_000, "delivery after the restart reported");
  });

  it("waits, backing off, while the server is down, and comes back with it", async () => {
    // When each failed attempt was reported, as the clock saw it.
    const failedAt: number[] = [];
    const log = {
      warn: (message: string) => void (message === "IMAP connection failed; trying again" && failedAt.push(performance.now())),
      info: () => undefined,
    };
    const mailbox = await open(dovecot, { log, reconnect: { firstDelayMs: 100, maxDelayMs: 400, giveUpAfterMs: 10_000 } });
    const { arrivals } = await watchCounting(mailbox);

    await dovecot.halt();
    await waitUntil(() => failedAt.length >= 3, 10_000, "three attempts to reconnect");
    await dovecot.start();
    await waitUntil(() => arrivals() >= 1, 5_000, "the watch is back");

    // Pauses of 0.1 then 0.2 s between the three attempts: backing off, not a tight loop. (A
    // timer is due on the event loop's millisecond clock, which may lag this one by under 1 ms.)
    const [first = 0, second = 0, third = 0] = failedAt;
    expect(second - first).toBeGreaterThanOrEqual(99);
    expect(third - second).toBeGreaterThanOrEqual(199);
  });

  it("stop() ends the watch: later deliveries are not reported", async () => {
    const mailbox = await open();
    const { watch, arrivals } = await watchCounting(mailbox);
    const witness = await watchCounting(await open());

    await watch.stop();
    await fence(witness); // the delivery a live watch would have reported, seen by another

    expect(arrivals()).toBe(0);
  });

  it("closing the mailbox ends its watches, and a watch asked for afterwards fails with MailboxClosedError", async () => {
    const mailbox = await open();
    const { arrivals } = await watchCounting(mailbox);
    const witness = await watchCounting(await open());

    await mailbox.close();
    await fence(witness);

    expect(arrivals()).toBe(0);
    await expect(mailbox.watch(() => undefined)).rejects.toBeInstanceOf(MailboxClosedError);
  });
});

describe("watching an inbox on a server without IDLE", () => {
  let plain: Dovecot;

  beforeAll(async () => {
    plain = await startDovecot({ withoutIdle: true });
  });
  afterAll(async () => {
    await plain?.stop();
  });

  it("gives an inactive watch (a poll has to find new mail) that stops at once", async () => {
    const mailbox = await open(plain);

    const watch = await mailbox.watch(() => undefined);

    expect(watch.active).toBe(false);
    await watch.stop();
    expect(await mailbox.waiting()).toEqual([]);
  });
});
