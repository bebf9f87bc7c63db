// Delivery of recorded replies: each sent once, temporary failures retried with backoff,
// permanent ones marked failed with the support team told. The outbox here is the real
// .eml directory outbox behind a switch that refuses, as an SMTP server would.
import { Writable } from "node:stream";
import winston from "winston";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { closeIntake, openIntake, type IntakeContext } from "../../src/intake/intake-context.ts";
import { deliverReplies, retryDelayMs } from "../../src/outbox/delivery.ts";
import { runOnce } from "../../src/intake/run-once.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { DeliveryError, type OutgoingMail, type Outbox } from "../../src/outbox/outbox.ts";
import { claimReply, outboxState, repliesToDeliver } from "../../src/records/replies.ts";
import { createDkimKey, type DkimKey } from "../support/mail-builder.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";
import { formMail } from "./form-mail.ts";

let nhs: DkimKey;
let ws: Workspace | undefined;
let context: IntakeContext | undefined;

beforeAll(async () => {
  nhs = await createDkimKey("nhs.net", "deliver1");
});
afterEach(async () => {
  if (context) await closeIntake(context);
  ws?.remove();
  context = undefined;
  ws = undefined;
});

/**
 * The real outbox, refusing while `refusal` is set, and failing after it wrote the mail while
 * `failAfterWriting` is set (as a connection lost after the server took the mail does).
 */
function refusing(real: Outbox): Outbox & { refusal: DeliveryError | null; failAfterWriting: Error | null; attempts: string[] } {
  const outbox = {
    refusal: null as DeliveryError | null,
    failAfterWriting: null as Error | null,
    attempts: [] as string[],
    async send(mail: OutgoingMail) {
      outbox.attempts.push(mail.messageId);
      if (outbox.refusal) throw outbox.refusal;
      await real.send(mail);
      if (outbox.failAfterWriting) throw outbox.failAfterWriting;
    },
    lookUp: (messageId: string) => real.lookUp(messageId),
    close: () => real.close(),
  };
  return outbox;
}

async function setUp(env: Record<string, string>) {
  const workspace = await createWorkspace([nhs], { env });
  ws = workspace;
  let now = new Date("2026-11-26T10:00:00Z");
  const opened = await openIntake(loadConfig(ws.env), silentLogger());
  const outbox = refusing(opened.outbox);
  const ready: IntakeContext = { ...opened, outbox, clock: () => now };
  context = ready;
  return { ws: workspace, context: ready, outbox, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

function recordedReplies(context: IntakeContext) {
  return context.db.reply.findMany({ orderBy: { id: "asc" }, select: { status: true, attempts: true, messageId: true } });
}

function outboxStateOf(context: IntakeContext) {
  return outboxState(context.db, context.clock());
}

/** How each reply was known to have left, from the audit trail, by reply. */
async function sentEvidence(context: IntakeContext): Promise<(string | null)[]> {
  const events = await context.db.auditEvent.findMany({ where: { subjectType: "reply", event: "sent" }, orderBy: { subjectId: "asc" } });
  return events.map((event) => event.detail);
}

describe("delivering replies", () => {
  it("waits twice as long after each temporary failure, up to an hour", () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(60, n))).toEqual([60_000, 120_000, 240_000, 480_000, 3_600_000]);
  });

  it("a temporary refusal defers the replies; they go out, once, when the server recovers", async () => {
    const { ws, context, outbox, advance } = await setUp({ INTAKE_REPLY_RETRY_SECONDS: "60" });
    outbox.refusal = new DeliveryError("451 4.3.0 try again later", false);
    ws.deliver(await formMail({ signWith: nhs, messageId: "<retry@nhs.net>" }));
    const first = await runOnce(context);
    expect(first).toMatchObject({ repliesSent: 0, repliesDeferred: 2, repliesFailed: 0 });
    expect(await ws.outbox()).toHaveLength(0);

    outbox.refusal = null;
    expect(await deliverReplies(context)).toEqual({ sent: 0, deferred: 0, failed: 0 }); // not yet time
    advance(60_000);
    expect(await deliverReplies(context)).toEqual({ sent: 2, deferred: 0, failed: 0 });
    advance(3_600_000);
    expect(await deliverReplies(context)).toEqual({ sent: 0, deferred: 0, failed: 0 });
    expect(await ws.outbox()).toHaveLength(2);
    expect(ws.folder("processed")).toHaveLength(1);
  });

  it("a permanent refusal fails the reply, marks the request and tells the support team", async () => {
    const { ws, context, outbox } = await setUp({});
    outbox.refusal = new DeliveryError("550 5.1.1 mailbox unavailable", true);
    ws.deliver(await formMail({ signWith: nhs, messageId: "<permanent@nhs.net>" }));
    const summary = await runOnce(context);
    // Both replies fail; each queues a notice, which is refused too but never notifies again.
    expect(summary.repliesFailed).toBe(4);
    outbox.refusal = null;
    const [request] = await ws.requests();
    expect(request?.attention).toMatch(/undeliverable/);
    expect(await deliverReplies(context)).toEqual({ sent: 0, deferred: 0, failed: 0 });
  });

  it("the support team's notice goes out when only the applicant's address refuses", async () => {
    const { ws, context, outbox } = await setUp({});
    const real = outbox.send.bind(outbox);
    outbox.send = async (mail) => {
      if (mail.to === "alice.applicant@nhs.net") throw new DeliveryError("550 5.1.1 no such user", true);
      await real(mail);
    };
    ws.deliver(await formMail({ signWith: nhs, messageId: "<bounce-applicant@nhs.net>" }));
    const summary = await runOnce(context);
    expect(summary).toMatchObject({ repliesSent: 2, repliesFailed: 1 });
    const notice = (await ws.outbox()).find((r) => r.to === "dataservicessupport@nhsbsa.nhs.uk");
    expect(notice?.text).toContain("REPLY_UNDELIVERABLE");
    expect(notice?.text).toContain("applicant-authorised to alice.applicant@nhs.net");
  });

  it("an attempt whose outcome is unknown is looked up before a retry: a reply that left is not sent again", async () => {
    const { ws, context, outbox, advance } = await setUp({ INTAKE_REPLY_RETRY_SECONDS: "60" });
    outbox.failAfterWriting = new DeliveryError("Connection closed unexpectedly", false, { mayHaveLeft: true });
    ws.deliver(await formMail({ signWith: nhs, messageId: "<unconfirmed@nhs.net>" }));
    expect(await runOnce(context)).toMatchObject({ repliesSent: 0, repliesDeferred: 2 });
    expect((await recordedReplies(context)).map((reply) => reply.status)).toEqual(["sending", "sending"]);
    expect(await outboxStateOf(context)).toMatchObject({ pending: 0, deferred: 0, unconfirmed: 2 });

    outbox.failAfterWriting = null;
    expect(await deliverReplies(context)).toEqual({ sent: 0, deferred: 0, failed: 0 }); // not before the claim runs out
    advance(60_000);
    expect(await deliverReplies(context)).toEqual({ sent: 2, deferred: 0, failed: 0 });
    expect(outbox.attempts).toHaveLength(2); // found in the outbox, not handed over again
    expect(await ws.outbox()).toHaveLength(2);
    const replies = await recordedReplies(context);
    expect(replies.map((reply) => [reply.status, reply.attempts])).toEqual([["sent", 2], ["sent", 2]]);
    expect(await sentEvidence(context)).toEqual(["found-after-interruption", "found-after-interruption"]);
  });

  it("an attempt whose outcome is unknown and that did not leave is sent on the retry, once", async () => {
    const { ws, context, outbox, advance } = await setUp({ INTAKE_REPLY_RETRY_SECONDS: "60" });
    outbox.refusal = new DeliveryError("Connection closed unexpectedly", false, { mayHaveLeft: true });
    ws.deliver(await formMail({ signWith: nhs, messageId: "<lost-early@nhs.net>" }));
    await runOnce(context);
    expect((await recordedReplies(context)).map((reply) => reply.status)).toEqual(["sending", "sending"]);
    outbox.refusal = null;
    advance(60_000);
    expect(await deliverReplies(context)).toEqual({ sent: 2, deferred: 0, failed: 0 });
    expect(outbox.attempts).toHaveLength(4);
    expect(await ws.outbox()).toHaveLength(2);
    expect(await sentEvidence(context)).toEqual(["accepted", "accepted"]);
  });

  it("a refusal the server answered makes the reply pending again, not unconfirmed", async () => {
    const { ws, context, outbox } = await setUp({});
    outbox.refusal = new DeliveryError("451 4.3.0 try again later", false);
    ws.deliver(await formMail({ signWith: nhs, messageId: "<answered@nhs.net>" }));
    await runOnce(context);
    expect((await recordedReplies(context)).map((reply) => [reply.status, reply.attempts])).toEqual([["pending", 1], ["pending", 1]]);
    expect(await outboxStateOf(context)).toMatchObject({ pending: 0, deferred: 2, unconfirmed: 0 });
  });

  it("a reply is claimed once: a second claim from the same reading (another process) is refused", async () => {
    const { ws, context, outbox, advance } = await setUp({ INTAKE_REPLY_RETRY_SECONDS: "60" });
    outbox.refusal = new DeliveryError("451 4.3.0 try again later", false);
    ws.deliver(await formMail({ signWith: nhs, messageId: "<claimed@nhs.net>" }));
    await runOnce(context);
    advance(60_000);
    const [due] = await repliesToDeliver(context.db, context.clock());
    const retryAt = new Date(context.clock().getTime() + 60_000);
    expect(await claimReply(context.db, due!, retryAt)).toBe(true);
    expect(await claimReply(context.db, due!, retryAt)).toBe(false);
    expect((await recordedReplies(context))[0]).toMatchObject({ status: "sending", attempts: 2 });
  });

  it("a reply whose every attempt was cut short is failed at the limit, and the support team told", async () => {
    const { ws, context, outbox } = await setUp({ INTAKE_REPLY_MAX_ATTEMPTS: "3" });
    outbox.refusal = new DeliveryError("451 4.3.0 try again later", false);
    ws.deliver(await formMail({ signWith: nhs, messageId: "<cut-short@nhs.net>" }));
    await runOnce(context);
    outbox.refusal = null;
    // What three processes killed in the middle of an attempt leave behind.
    await context.db.reply.updateMany({ data: { status: "sending", attempts: 3, nextAttemptAt: context.clock() } });

    const result = await deliverReplies(context);
    expect(result.failed).toBe(2);
    expect(outbox.attempts.filter((id) => id.includes("authoris"))).toHaveLength(2); // only the first, refused attempts
    const notices = (await ws.outbox()).filter((reply) => reply.to === "dataservicessupport@nhsbsa.nhs.uk");
    expect(notices.map((notice) => notice.text).join("\n")).toContain("attempts were cut short");
  });

  it("logs why a reply waits without the addresses in the server's answer; the record keeps them for the support team", async () => {
    const lines: string[] = [];
    const log = winston.createLogger({
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream: new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }) })],
    });
    const { ws, context, outbox } = await setUp({});
    outbox.refusal = new DeliveryError("452 4.2.2 mailbox alice.applicant@nhs.net is full", false);
    ws.deliver(await formMail({ signWith: nhs, messageId: "<full@nhs.net>" }));
    await runOnce({ ...context, log });

    const deferred = lines.filter((line) => line.includes("reply deferred"));
    expect(deferred).toHaveLength(2);
    expect(deferred.join("\n")).toContain("452 4.2.2 mailbox <address> is full");
    expect(lines.join("\n")).not.toContain("alice.applicant@nhs.net");
    const recorded = await context.db.reply.findMany({ select: { lastError: true } });
    expect(recorded.map((reply) => reply.lastError)).toContain("452 4.2.2 mailbox alice.applicant@nhs.net is full");
  });

  it("gives up after the configured number of attempts", async () => {
    const { ws, context, outbox, advance } = await setUp({ INTAKE_REPLY_MAX_ATTEMPTS: "3", INTAKE_REPLY_RETRY_SECONDS: "1" });
    outbox.refusal = new DeliveryError("421 4.7.0 too busy", false);
    ws.deliver(await formMail({ signWith: nhs, messageId: "<give-up@nhs.net>" }));
    await runOnce(context);
    advance(10_000);
    await deliverReplies(context);
    advance(10_000);
    const last = await deliverReplies(context);
    expect(last.failed).toBe(2);
    expect(outbox.attempts.filter((id) => id.includes("authoris"))).toHaveLength(6);
  });
});
