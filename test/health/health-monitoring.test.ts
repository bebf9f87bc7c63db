// The health endpoint and the alert, in process with a clock the test moves: passes are
// recorded, GET /health answers 200 or 503, intake that stops fetching alerts the support
// team once, and recovery resolves the alert.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { startHealthMonitoring, type HealthMonitoring } from "../../src/health/health-monitoring.ts";
import { startHealthServer } from "../../src/health/health-server.ts";
import { reviewHealth } from "../../src/health/review-health.ts";
import type { Assessment } from "../../src/health/assess-health.ts";
import { closeIntake, openIntake, type IntakeContext } from "../../src/intake/intake-context.ts";
import { runRecordedPass } from "../../src/jobs/recorded-pass.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { finishPass, startPass } from "../../src/records/passes.ts";
import { freePorts } from "../support/dovecot.ts";
import { createWorkspace, type Workspace } from "../support/workspace.ts";

const MINUTE = 60_000;

let ws: Workspace;
let opened: IntakeContext;
let context: IntakeContext;
let now: Date;
let port: number;
let monitoring: HealthMonitoring | null = null;

beforeEach(async () => {
  [port] = (await freePorts(1)) as [number];
  ws = await createWorkspace([], { seed: false, env: { INTAKE_HEALTH_PORT: String(port) } });
  opened = await openIntake(loadConfig(ws.env), silentLogger());
  now = new Date();
  context = { ...opened, clock: () => now };
});
afterEach(async () => {
  await monitoring?.stop();
  monitoring = null;
  await closeIntake(opened);
  ws.remove();
});

async function getHealth(path = "/health", method = "GET"): Promise<{ status: number; body: Assessment & { error?: string } }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: response.status, body: (await response.json()) as Assessment & { error?: string } };
}

async function supportMail(subject: RegExp) {
  return (await ws.outbox()).filter((mail) => mail.to === "dataservicessupport@nhsbsa.nhs.uk" && subject.test(mail.subject));
}

describe("health endpoint", () => {
  it("answers 200 with the assessment after a good pass", async () => {
    await runRecordedPass(context);
    monitoring = await startHealthMonitoring(context);
    expect(monitoring.port).toBe(port);
    const health = await getHealth();
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", lastSuccessfulFetch: now.toISOString(), backlog: { messages: 0 }, outbox: { pending: 0, deferred: 0, unconfirmed: 0, failed: 0 }, problems: [] });
  });

  it("answers 503 once no successful fetch is older than INTAKE_ALERT_AFTER_MINUTES, and looking alerts nobody", async () => {
    await runRecordedPass(context);
    monitoring = await startHealthMonitoring(context);
    now = new Date(now.getTime() + 31 * MINUTE);
    const health = await getHealth();
    expect(health.status).toBe(503);
    expect(health.body.status).toBe("failing");
    expect(health.body.problems[0]).toMatch(/^NO_SUCCESSFUL_FETCH: no successful fetch from the mailbox for 31 minutes/);
    expect(await ws.outbox()).toEqual([]);
  });

  it("answers 404 to any other path or method", async () => {
    monitoring = await startHealthMonitoring(context);
    expect((await getHealth("/")).status).toBe(404);
    expect((await getHealth("/health/more")).status).toBe(404);
    expect((await getHealth("/health", "POST")).status).toBe(404);
  });

  it("answers 503 when the health cannot be assessed", async () => {
    const server = await startHealthServer({ port: 0, assess: () => Promise.reject(new Error("database is locked")) });
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "failing", problems: [expect.stringMatching(/database is locked/)] });
    } finally {
      await server.close();
    }
  });

  it("answers control characters in a problem as JSON escapes that parse back to the same text", async () => {
    const message = "server said \u001b]0;pwned\u0007 \u009b31m \u202eexe";
    const server = await startHealthServer({ port: 0, assess: () => Promise.reject(new Error(message)) });
    try {
      const body = await (await fetch(`http://127.0.0.1:${server.port}/health`)).text();
      expect(body).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/u);
      expect(body).toContain("\\u009b31m \\u202eexe");
      expect((JSON.parse(body) as { problems: string[] }).problems.join(" ")).toContain(message);
    } finally {
      await server.close();
    }
  });

  it("is off when INTAKE_HEALTH_PORT is empty", async () => {
    monitoring = await startHealthMonitoring({ ...context, config: { ...context.config, health: null } });
    expect(monitoring.port).toBeNull();
  });
});

describe("alert", () => {
  it("the monitor's interval alerts the support team once when passes stop fetching, even without passes", async () => {
    await runRecordedPass(context);
    now = new Date(now.getTime() + 31 * MINUTE);
    monitoring = await startHealthMonitoring(context, { intervalMs: 20 });
    await expect.poll(() => supportMail(/FAILING/), { timeout: 5_000 }).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten more reviews
    const [alert] = await supportMail(/FAILING/);
    expect(await supportMail(/FAILING/)).toHaveLength(1);
    expect(alert?.subject).toBe("[ePACT2 intake] FAILING: NO_SUCCESSFUL_FETCH");
    expect(alert?.autoSubmitted).toBe("auto-replied");
    expect(alert?.text).toMatch(/no successful fetch from the mailbox for 31 minutes/);
    const rows = await context.db.alert.findMany();
    expect(rows).toMatchObject([{ kind: "NO_SUCCESSFUL_FETCH", notified: true, resolvedAt: null }]);
  });

  it("is resolved when intake is healthy again, with a recovery notice threaded under the alert", async () => {
    await runRecordedPass(context);
    now = new Date(now.getTime() + 31 * MINUTE);
    expect((await reviewHealth(context)).alert).toMatchObject({ kind: "NO_SUCCESSFUL_FETCH", notified: true });
    expect((await reviewHealth(context)).status).toBe("failing");
    expect(await supportMail(/FAILING/)).toHaveLength(1);

    now = new Date(now.getTime() + MINUTE);
    await runRecordedPass(context); // the pass's own review sees intake healthy
    const [alert] = await supportMail(/FAILING/);
    const recovered = await supportMail(/Recovered/);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]?.inReplyTo).toBe(alert?.messageId);
    expect(await context.db.alert.findMany()).toMatchObject([{ resolvedAt: now, openSlot: null }]);

    now = new Date(now.getTime() + 31 * MINUTE);
    await reviewHealth(context);
    expect(await supportMail(/FAILING/)).toHaveLength(2); // a new failing spell is a new alert
  });
});

describe("pass records", () => {
  it("record what each pass saw and did", async () => {
    await runRecordedPass(context);
    const [pass] = await context.db.intakePass.findMany();
    expect(pass).toMatchObject({ status: "ok", startedAt: now, fetchedAt: now, finishedAt: now, backlog: 0, messagesTaken: 0, errorName: null });
  });

  it("a pass that throws is recorded as failed with the error's name and message", async () => {
    const broken = { ...context, mailbox: { ...context.mailbox, waiting: () => Promise.reject(Object.assign(new Error("disk on fire"), { name: "DiskError", code: "EIO" })) } };
    await expect(runRecordedPass(broken)).rejects.toThrow("disk on fire");
    const [pass] = await context.db.intakePass.findMany();
    expect(pass).toMatchObject({ status: "failed", errorName: "DiskError", errorKinds: "DiskError EIO", errorMessage: "disk on fire", fetchedAt: null });
  });

  it("keep only the latest passes", async () => {
    for (let i = 0; i < 6; i++) {
      const id = await startPass(context.db, now);
      await finishPass(context.db, id, { status: "failed", finishedAt: now, error: { name: "E", kinds: ["E"], message: "m" } }, 3);
    }
    expect(await context.db.intakePass.count()).toBe(3);
  });
});
