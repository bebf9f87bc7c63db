// `intake status` as monitoring runs it: a real process, its exit code and its JSON. Over a
// Maildir, and over a real Dovecot that refuses the password until it is put right.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import type { Assessment } from "../../src/health/assess-health.ts";
import { openDatabase } from "../../src/records/database.ts";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { createWorkspace, runIntake, runIntakeAsync, type Workspace } from "../support/workspace.ts";

const SUPPORT = "dataservicessupport@nhsbsa.nhs.uk";

function assessment(stdout: string): Assessment {
  return JSON.parse(stdout) as Assessment;
}

describe("intake status over a Maildir", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace([], { seed: false });
  });
  afterAll(() => ws.remove());

  it("is degraded (exit 1) before any pass has been recorded", () => {
    const status = ws.intake("status");
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^status: +degraded$/m);
    expect(status.stdout).toMatch(/NO_PASS_RECORDED/);
  });

  it("is ok (exit 0) after a good pass, with the fetch, the backlog counted now and the outbox", () => {
    ws.deliver(Buffer.from("From: someone@example.org\r\nSubject: hello\r\nMessage-ID: <status-1@example.org>\r\n\r\nhello\r\n"));
    expect(ws.intake("run", "--once").code).toBe(0);
    ws.deliver(Buffer.from("From: someone@example.org\r\nSubject: later\r\nMessage-ID: <status-2@example.org>\r\n\r\nlater\r\n"));

    const status = ws.intake("status", "--json");
    expect(status.code, status.stderr).toBe(0);
    const result = assessment(status.stdout);
    expect(result).toMatchObject({ status: "ok", problems: [], backlog: { messages: 1 }, failures: { consecutivePasses: 0, lastError: null } });
    expect(Date.now() - Date.parse(result.lastSuccessfulFetch ?? "")).toBeLessThan(60_000);
    expect(ws.intake("status").stdout).toMatch(/^status: +ok$/m);
  });

  it("is failing (exit 1) when the last successful fetch is older than INTAKE_ALERT_AFTER_MINUTES", async () => {
    const db = await openDatabase(loadConfig(ws.env).databasePath);
    try {
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
      await db.intakePass.updateMany({ data: { startedAt: twoHoursAgo, fetchedAt: twoHoursAgo, finishedAt: twoHoursAgo } });
    } finally {
      await db.$disconnect();
    }
    const status = ws.intake("status", "--json");
    expect(status.code).toBe(1);
    expect(assessment(status.stdout)).toMatchObject({ status: "failing", failingOn: "NO_SUCCESSFUL_FETCH" });
    expect(ws.intake("status", "--json").code).toBe(1);
    // Looking is not alerting: status sends nothing.
    expect((await ws.outbox()).filter((mail) => mail.to === SUPPORT && /FAILING/.test(mail.subject))).toEqual([]);
  });

  it("honours INTAKE_ALERT_AFTER_MINUTES", () => {
    const status = runIntake(["status", "--json"], { ...ws.env, INTAKE_ALERT_AFTER_MINUTES: "180" });
    expect(status.code).toBe(0);
    expect(assessment(status.stdout).status).toBe("ok");
  });
});

describe("intake status over IMAP with a refused password", () => {
  let dovecot: Dovecot;
  let ws: Workspace;
  let env: Record<string, string>;

  beforeAll(async () => {
    dovecot = await startDovecot();
    ws = await createWorkspace([], { seed: false });
    const caFile = path.join(ws.home, "test-ca.pem");
    writeFileSync(caFile, dovecot.certificate);
    env = {
      ...ws.env,
      INTAKE_MAILBOX: `imaps://${encodeURIComponent(dovecot.user)}@127.0.0.1:${dovecot.imapsPort}/INBOX`,
      INTAKE_IMAP_PASSWORD: "expired-password",
      INTAKE_TLS_CA_FILE: caFile,
    };
  });
  afterAll(async () => {
    ws.remove();
    await dovecot.stop();
  });

  const alerts = async () => (await ws.outbox()).filter((mail) => mail.to === SUPPORT && /FAILING/.test(mail.subject));

  it("is degraded after one refused pass, failing after three, and the support team is alerted exactly once", async () => {
    const first = await runIntakeAsync(["run", "--once"], env);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/refused the credentials/);
    const afterOne = await runIntakeAsync(["status", "--json"], env);
    expect(afterOne.code).toBe(1);
    expect(assessment(afterOne.stdout)).toMatchObject({ status: "degraded", failures: { consecutiveAuthentication: 1 } });
    expect(await alerts()).toEqual([]);

    for (let pass = 2; pass <= 3; pass++) expect((await runIntakeAsync(["run", "--once"], env)).code).toBe(1);
    const status = await runIntakeAsync(["status", "--json"], env);
    expect(status.code).toBe(1);
    const result = assessment(status.stdout);
    expect(result).toMatchObject({
      status: "failing",
      failingOn: "AUTHENTICATION_REFUSED",
      failures: { consecutivePasses: 3, consecutiveAuthentication: 3, lastError: { name: "MailboxAuthenticationError" } },
      alert: { kind: "AUTHENTICATION_REFUSED", notified: true },
    });
    expect(result.problems[0]).toMatch(/^AUTHENTICATION_REFUSED: the mail server refused our credentials on the last 3 passes/);
    // The look at the inbox was refused too: reported, not a crash.
    expect(result.problems).toContainEqual(expect.stringMatching(/^MAILBOX_UNREACHABLE: .*MailboxAuthenticationError/));
    expect(result.problems.join("\n")).not.toContain("expired-password");

    expect(await alerts()).toHaveLength(1);
    for (let pass = 4; pass <= 5; pass++) expect((await runIntakeAsync(["run", "--once"], env)).code).toBe(1);
    const [alert, ...more] = await alerts();
    expect(more).toEqual([]);
    expect(alert?.subject).toBe("[ePACT2 intake] FAILING: AUTHENTICATION_REFUSED");
    expect(alert?.text).toMatch(/refused our credentials on the last 3 passes \(MailboxAuthenticationError/);
  });

  it("is ok again once the password is put right, and the support team hears that it recovered", async () => {
    const fixed = { ...env, INTAKE_IMAP_PASSWORD: dovecot.password };
    const run = await runIntakeAsync(["run", "--once"], fixed);
    expect(run.code, run.stderr).toBe(0);
    const status = await runIntakeAsync(["status", "--json"], fixed);
    expect(status.code, status.stdout).toBe(0);
    expect(assessment(status.stdout)).toMatchObject({ status: "ok", alert: null, backlog: { messages: 0 } });
    expect((await ws.outbox()).filter((mail) => mail.to === SUPPORT && /Recovered/.test(mail.subject))).toHaveLength(1);
  });
});
