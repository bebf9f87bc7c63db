// Delivery of recorded replies: each sent once, temporary failures retried with backoff,
// permanent ones marked failed with the support team told. The outbox here is the real
// .eml directory outbox behind a switch that refuses, as an SMTP server would.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { closeIntake, openIntake, type IntakeContext } from "../../src/intake/intake-context.ts";
import { deliverReplies, retryDelayMs } from "../../src/intake/deliver-replies.ts";
import { runOnce } from "../../src/intake/run-once.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { DeliveryError, type OutgoingMail, type Outbox } from "../../src/outbox/outbox.ts";
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

/** The real outbox, refusing while `refusal` is set. */
function refusing(real: Outbox): Outbox & { refusal: DeliveryError | null; attempts: string[] } {
  const outbox = {
    refusal: null as DeliveryError | null,
    attempts: [] as string[],
    async send(mail: OutgoingMail) {
      outbox.attempts.push(mail.messageId);
      if (outbox.refusal) throw outbox.refusal;
      await real.send(mail);
    },
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
