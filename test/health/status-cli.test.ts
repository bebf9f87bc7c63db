// `intake status` as monitoring runs it: a real process, its exit code and its JSON. Over a
// Maildir, and over a real Dovecot that refuses the password until it is put right. The two
// installations share nothing: their describe blocks run side by side, each in order.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import type { Assessment } from "../../src/health/assess-health.ts";
import { recordMailboxNotOpened } from "../../src/health/record-pass.ts";
import { closeIntake, openIntake } from "../../src/intake/intake-context.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { openDatabase } from "../../src/records/database.ts";
import { startDovecot, type Dovecot } from "../support/dovecot.ts";
import { createWorkspace, runIntakeAsync, type Workspace } from "../support/workspace.ts";

const SUPPORT = "dataservicessupport@nhsbsa.nhs.uk";

function assessment(stdout: string): Assessment {
  return JSON.parse(stdout) as Assessment;
}

/** A describe block that runs alongside the other one; its tests run in order. */
const ALONGSIDE = { concurrent: true } as const;
const IN_ORDER = { concurrent: false } as const;

describe("intake status over a Maildir", ALONGSIDE, () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace([], { seed: false });
  });
  afterAll(() => ws.remove());

  it("is degraded (exit 1) before any pass has been recorded", IN_ORDER, async () => {
    const status = await runIntakeAsync(["status"], ws.env);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^status: +degraded$/m);
    expect(status.stdout).toMatch(/NO_PASS_RECORDED/);
  });

  it("is ok (exit 0) after a good pass, with the fetch, the backlog counted now and the outbox", IN_ORDER, async () => {
    ws.deliver(Buffer.from("From: someone@example.org\r\nSubject: hello\r\nMessage-ID: <status-1@example.org>\r\n\r\nhello\r\n"));
    // The pass `intake run --once` makes, recorded as it records it (nothing left: its exit 0).
    expect(await ws.runOnce()).toMatchObject({ messages: 1, leftInInbox: 0 });
    ws.deliver(Buffer.from("From: someone@example.org\r\nSubject: later\r\nMessage-ID: <status-2@example.org>\r\n\r\nlater\r\n"));

    // Looking changes nothing: the JSON and the text are asked for at once.
    const [status, text] = await Promise.all([runIntakeAsync(["status", "--json"], ws.env), runIntakeAsync(["status"], ws.env)]);
    expect(status.code, status.stderr).toBe(0);
    const result = assessment(status.stdout);
    expect(result).toMatchObject({ status: "ok", problems: [], backlog: { messages: 1 }, failures: { consecutivePasses: 0, lastError: null } });
    expect(Date.now() - Date.parse(result.lastSuccessfulFetch ?? "")).toBeLessThan(60_000);
    expect(text.stdout).toMatch(/^status: +ok$/m);
  });

  it("is failing (exit 1) when the last successful fetch is older than INTAKE_ALERT_AFTER_MINUTES", IN_ORDER, async () => {
    const db = await openDatabase(loadConfig(ws.env).databasePath);
    try {
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
      await db.intakePass.updateMany({ data: { startedAt: twoHoursAgo, fetchedAt: twoHoursAgo, finishedAt: twoHoursAgo } });
    } finally {
      await db.$disconnect();
    }
    const status = await runIntakeAsync(["status", "--json"], ws.env);
    expect(status.code).toBe(1);
    expect(assessment(status.stdout)).toMatchObject({ status: "failing", failingOn: "NO_SUCCESSFUL_FETCH" });
    expect((await runIntakeAsync(["status", "--json"], ws.env)).code).toBe(1);
    // Looking is not alerting: status sends nothing.
    expect((await ws.outbox()).filter((mail) => mail.to === SUPPORT && /FAILING/.test(mail.subject))).toEqual([]);
  });

  it("honours INTAKE_ALERT_AFTER_MINUTES", IN_ORDER, async () => {
    const status = await runIntakeAsync(["status", "--json"], { ...ws.env, INTAKE_ALERT_AFTER_MINUTES: "180" });
    expect(status.code).toBe(0);
    expect(assessment(status.stdout).status).toBe("ok");
  });
});

describe("intake status over IMAP with a refused password", ALONGSIDE, () => {
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

  /**
   * A pass opened as `intake run --once` opens it (the same call, the same record of a mailbox
   * not opened, the same review), here in the test's process: for the passes that only bring
   * the count on. Its error, or null should the mailbox open.
   */
  async function passInThisProcess(): Promise<unknown> {
    const config = loadConfig(env);
    const options = { mailboxReconnect: { giveUpAfterMs: config.onceGiveUpMs }, onMailboxNotOpened: recordMailboxNotOpened };
    return openIntake(config, silentLogger(), options).then(
      async (context) => {
        await closeIntake(context);
        return null;
      },
      (error: unknown) => error,
    );
  }
  const refused = { name: "MailboxAuthenticationError" };

  // The command runs the first pass and the third, the one that raises the alert and sends
  // it before it exits; passes 4 and 5 run at once, as a timer's `run --once` may meet the
  // service's pass, and neither raises the open alert again.
  it("is degraded after one refused pass, failing after three, and the support team is alerted exactly once", IN_ORDER, async () => {
    const first = await runIntakeAsync(["run", "--once"], env);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/refused the credentials/);
    const afterOne = await runIntakeAsync(["status", "--json"], env);
    expect(afterOne.code).toBe(1);
    expect(assessment(afterOne.stdout)).toMatchObject({ status: "degraded", failures: { consecutiveAuthentication: 1 } });
    expect(await alerts()).toEqual([]);

    expect(await passInThisProcess()).toMatchObject(refused);
    expect((await runIntakeAsync(["run", "--once"], env)).code).toBe(1);
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
    expect(await Promise.all([passInThisProcess(), passInThisProcess()])).toMatchObject([refused, refused]);
    const [alert, ...more] = await alerts();
    expect(more).toEqual([]);
    expect(alert?.subject).toBe("[ePACT2 intake] FAILING: AUTHENTICATION_REFUSED");
    expect(alert?.text).toMatch(/refused our credentials on the last 3 passes \(MailboxAuthenticationError/);
  });

  it("is ok again once the password is put right, and the support team hears that it recovered", IN_ORDER, async () => {
    const fixed = { ...env, INTAKE_IMAP_PASSWORD: dovecot.password };
    const run = await runIntakeAsync(["run", "--once"], fixed);
    expect(run.code, run.stderr).toBe(0);
    const status = await runIntakeAsync(["status", "--json"], fixed);
    expect(status.code, status.stdout).toBe(0);
    expect(assessment(status.stdout)).toMatchObject({ status: "ok", alert: null, backlog: { messages: 0 } });
    expect((await ws.outbox()).filter((mail) => mail.to === SUPPORT && /Recovered/.test(mail.subject))).toHaveLength(1);
  });
});
