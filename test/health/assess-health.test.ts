// The health assessment as a pure function of the recorded facts and the clock.
import { describe, expect, it } from "vitest";
import { assessHealth, type HealthFacts } from "../../src/health/assess-health.ts";
import type { PassFact } from "../../src/records/passes.ts";
import { errorKinds, isAuthenticationFailure } from "../../src/health/error-kinds.ts";

const NOW = new Date("2026-11-26T12:00:00Z");
const THRESHOLDS = { afterMinutes: 30, authFailures: 3 };

const minutesAgo = (minutes: number): Date => new Date(NOW.getTime() - minutes * 60_000);

function okPass(minutes: number): PassFact {
  return { startedAt: minutesAgo(minutes), fetchedAt: minutesAgo(minutes), finishedAt: minutesAgo(minutes), status: "ok", errorName: null, errorKinds: [], errorMessage: null };
}

function failedPass(minutes: number, errorName: string, kinds: string[] = [errorName]): PassFact {
  return { startedAt: minutesAgo(minutes), fetchedAt: null, finishedAt: minutesAgo(minutes), status: "failed", errorName, errorKinds: kinds, errorMessage: "refused" };
}

const refused = (minutes: number): PassFact => failedPass(minutes, "MailboxAuthenticationError");

function facts(passes: PassFact[], extra: Partial<HealthFacts> = {}): HealthFacts {
  const lastOk = passes.find((pass) => pass.status === "ok");
  return {
    recentPasses: passes,
    lastOkFetch: lastOk?.fetchedAt ?? null,
    firstPassStartedAt: passes.at(-1)?.startedAt ?? null,
    outbox: { pending: 0, deferred: 0, unconfirmed: 0, failed: 0, oldestDeferredAt: null },
    backlog: { messages: 0, seenAt: minutesAgo(1), unreachable: null },
    openAlert: null,
    ...extra,
  };
}

const codes = (problems: readonly string[]): string[] => problems.map((problem) => problem.split(":")[0] ?? "");

describe("assessHealth", () => {
  it("is ok after a recent successful pass, reporting when it fetched", () => {
    const assessment = assessHealth(facts([okPass(1)]), NOW, THRESHOLDS);
    expect(assessment).toMatchObject({ status: "ok", problems: [], failingOn: null, lastSuccessfulFetch: minutesAgo(1).toISOString() });
  });

  it("is degraded when no pass has been recorded yet", () => {
    const assessment = assessHealth(facts([]), NOW, THRESHOLDS);
    expect(assessment.status).toBe("degraded");
    expect(codes(assessment.problems)).toEqual(["NO_PASS_RECORDED"]);
  });

  it("is failing when the last successful fetch is older than the threshold", () => {
    const assessment = assessHealth(facts([failedPass(5, "MailboxUnreachableError"), okPass(31)]), NOW, THRESHOLDS);
    expect(assessment.status).toBe("failing");
    expect(assessment.failingOn).toBe("NO_SUCCESSFUL_FETCH");
    expect(assessment.problems[0]).toMatch(/no successful fetch from the mailbox for 31 minutes/);
  });

  it("is failing when passes have never fetched successfully for longer than the threshold", () => {
    const assessment = assessHealth(facts([failedPass(1, "MailboxUnreachableError"), failedPass(40, "MailboxUnreachableError")]), NOW, THRESHOLDS);
    expect(assessment.failingOn).toBe("NO_SUCCESSFUL_FETCH");
    expect(assessment.lastSuccessfulFetch).toBeNull();
  });

  it("counts a long pass under way that has fetched as a successful fetch (not a stall)", () => {
    const underWay: PassFact = { ...okPass(40), status: "running", finishedAt: null, fetchedAt: minutesAgo(39) };
    const assessment = assessHealth(facts([underWay, okPass(45)]), NOW, { ...THRESHOLDS, afterMinutes: 40 });
    expect(assessment.status).toBe("ok");
    expect(assessment.lastSuccessfulFetch).toBe(minutesAgo(39).toISOString());
  });

  it("does not count the fetch of a pass that then failed", () => {
    const listedThenFailed: PassFact = { ...failedPass(1, "Error"), fetchedAt: minutesAgo(1) };
    const assessment = assessHealth(facts([listedThenFailed, okPass(31)]), NOW, THRESHOLDS);
    expect(assessment.failingOn).toBe("NO_SUCCESSFUL_FETCH");
  });

  it("is degraded after fewer authentication refusals in a row than the threshold", () => {
    const assessment = assessHealth(facts([refused(1), refused(2), okPass(3)]), NOW, THRESHOLDS);
    expect(assessment.status).toBe("degraded");
    expect(codes(assessment.problems)).toEqual(["AUTHENTICATION_REFUSED"]);
    expect(assessment.failures).toMatchObject({ consecutivePasses: 2, consecutiveAuthentication: 2 });
  });

  it("is failing after as many authentication refusals in a row as the threshold", () => {
    const assessment = assessHealth(facts([refused(1), refused(2), refused(3), okPass(4)]), NOW, THRESHOLDS);
    expect(assessment.status).toBe("failing");
    expect(assessment.failingOn).toBe("AUTHENTICATION_REFUSED");
    expect(assessment.problems[0]).toMatch(/refused our credentials on the last 3 passes \(MailboxAuthenticationError: refused\)/);
  });

  it("recognises an authentication failure anywhere in the error's cause chain (a token error behind a reconnect)", () => {
    const wrapped = (minutes: number) => failedPass(minutes, "MailboxUnreachableError", ["MailboxUnreachableError", "Error", "MailTokenError"]);
    const assessment = assessHealth(facts([wrapped(1), wrapped(2), wrapped(3), okPass(4)]), NOW, THRESHOLDS);
    expect(assessment.failingOn).toBe("AUTHENTICATION_REFUSED");
  });

  it("recognises a refused SMTP login by nodemailer's EAUTH code", () => {
    const smtp = (minutes: number) => failedPass(minutes, "SmtpDeliveryError", ["SmtpDeliveryError", "EAUTH", "Error"]);
    expect(assessHealth(facts([smtp(1), smtp(2), smtp(3), okPass(4)]), NOW, THRESHOLDS).failingOn).toBe("AUTHENTICATION_REFUSED");
  });

  it("breaks the run of refusals at a failure of another kind", () => {
    const assessment = assessHealth(facts([refused(1), failedPass(2, "MailboxUnreachableError"), refused(3), refused(4), okPass(5)]), NOW, THRESHOLDS);
    expect(assessment.status).toBe("degraded");
    expect(assessment.failures).toMatchObject({ consecutivePasses: 4, consecutiveAuthentication: 1 });
  });

  it("leaves a pass under way out of the count, and counts one left unfinished behind a newer pass as failed", () => {
    const underWay: PassFact = { ...okPass(0), status: "running", finishedAt: null, fetchedAt: null };
    const interrupted: PassFact = { ...okPass(2), status: "running", finishedAt: null };
    const assessment = assessHealth(facts([underWay, refused(1), interrupted, okPass(3)]), NOW, THRESHOLDS);
    expect(assessment.failures).toMatchObject({ consecutivePasses: 2, consecutiveAuthentication: 1 });
  });

  it("is degraded when the last pass failed for another reason, naming the error", () => {
    const assessment = assessHealth(facts([failedPass(1, "MailboxUnreachableError"), okPass(2)]), NOW, THRESHOLDS);
    expect(assessment.status).toBe("degraded");
    expect(assessment.problems).toEqual(["LAST_PASS_FAILED: the last pass failed (MailboxUnreachableError: refused)"]);
    expect(assessment.failures.lastError).toEqual({ at: minutesAgo(1).toISOString(), name: "MailboxUnreachableError", message: "refused" });
  });

  it("is degraded when replies have waited to be retried longer than the threshold", () => {
    const outbox = { pending: 1, deferred: 2, unconfirmed: 1, failed: 0, oldestDeferredAt: minutesAgo(45) };
    const assessment = assessHealth(facts([okPass(1)], { outbox }), NOW, THRESHOLDS);
    expect(assessment.status).toBe("degraded");
    expect(codes(assessment.problems)).toEqual(["REPLIES_DELAYED"]);
    expect(assessment.outbox).toEqual({ pending: 1, deferred: 2, unconfirmed: 1, failed: 0 });
  });

  it("is ok while deferred replies are younger than the threshold", () => {
    const outbox = { pending: 0, deferred: 2, unconfirmed: 0, failed: 1, oldestDeferredAt: minutesAgo(5) };
    expect(assessHealth(facts([okPass(1)], { outbox }), NOW, THRESHOLDS).status).toBe("ok");
  });

  it("reports a mailbox that could not be counted as a problem, with the backlog the last pass saw", () => {
    const backlog = { messages: 4, seenAt: minutesAgo(2), unreachable: "MailboxUnreachableError: no route" };
    const assessment = assessHealth(facts([okPass(2)], { backlog }), NOW, THRESHOLDS);
    expect(assessment.status).toBe("degraded");
    expect(assessment.problems).toEqual(["MAILBOX_UNREACHABLE: the mailbox could not be reached to count what is waiting (MailboxUnreachableError: no route)"]);
    expect(assessment.backlog).toEqual({ messages: 4, seenAt: minutesAgo(2).toISOString() });
  });

  it("lists failing problems before degraded ones, and fails on the first", () => {
    const backlog = { messages: null, seenAt: null, unreachable: "MailboxAuthenticationError: refused" };
    const assessment = assessHealth(facts([refused(1), refused(2), refused(40)], { backlog }), NOW, THRESHOLDS);
    expect(codes(assessment.problems)).toEqual(["NO_SUCCESSFUL_FETCH", "AUTHENTICATION_REFUSED", "MAILBOX_UNREACHABLE"]);
    expect(assessment.failingOn).toBe("NO_SUCCESSFUL_FETCH");
  });

  it("shows the open alert", () => {
    const openAlert = { kind: "AUTHENTICATION_REFUSED", openedAt: minutesAgo(10), notified: true };
    expect(assessHealth(facts([okPass(1)], { openAlert }), NOW, THRESHOLDS).alert).toEqual({ ...openAlert, openedAt: minutesAgo(10).toISOString() });
  });
});

describe("assessHealth: forms whose senders no evidence path proved", () => {
  const WATCHING = { ...THRESHOLDS, unverifiedForms: 5, formSenderDomains: ["nhs.net"] };
  const formSenders = (forms: number, unverified: number) => ({ forms, unverified, newestMessageId: "<latest@nhs.net>" });

  it("is degraded when the last forms from nhs.net were all unverified, and says which command explains one", () => {
    const assessment = assessHealth(facts([okPass(1)], { formSenders: formSenders(5, 5) }), NOW, WATCHING);
    expect(assessment.status).toBe("degraded");
    expect(assessment.problems).toEqual([
      "SENDERS_UNVERIFIED: the last 5 forms from nhs.net addresses were all SENDER_UNVERIFIED: an evidence path is likely missing or misconfigured " +
        "(README: Proving senders on Microsoft 365 and NHSmail); run `intake senders explain --message-id '<latest@nhs.net>'` to see what each path found",
    ]);
  });

  it.each([
    ["one of them was proven", formSenders(5, 4)],
    ["fewer forms than the threshold have come", formSenders(4, 4)],
  ])("stays ok when %s", (_label, seen) => {
    expect(assessHealth(facts([okPass(1)], { formSenders: seen }), NOW, WATCHING).status).toBe("ok");
  });

  it("never warns with the threshold at 0, or when the forms were not looked at", () => {
    expect(assessHealth(facts([okPass(1)], { formSenders: formSenders(5, 5) }), NOW, { ...WATCHING, unverifiedForms: 0 }).status).toBe("ok");
    expect(assessHealth(facts([okPass(1)]), NOW, WATCHING).status).toBe("ok");
  });
});

describe("errorKinds", () => {
  it("names the classes and codes along the cause chain, outermost first", () => {
    class MailTokenError extends Error {
      override name = "MailTokenError";
    }
    const inner = Object.assign(new MailTokenError("no token"), { code: "invalid_client" });
    const outer = new Error("IMAP server unreachable", { cause: new Error("the OAuth2 token source failed", { cause: inner }) });
    outer.name = "MailboxUnreachableError";
    expect(errorKinds(outer)).toEqual(["MailboxUnreachableError", "Error", "MailTokenError", "invalid_client"]);
    expect(isAuthenticationFailure(errorKinds(outer))).toBe(true);
  });

  it("does not take a plain connection failure for an authentication failure", () => {
    expect(isAuthenticationFailure(errorKinds(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })))).toBe(false);
  });
});
