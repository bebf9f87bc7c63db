// How the intake is doing, judged from what the records say (passes, outbox, alerts) and,
// when it could be counted, the mailbox's backlog. Pure: the facts and the clock come in;
// each check is one small function returning a problem or null, run in the order below.
import type { PassFact } from "../records/passes.ts";
import type { RecentFormSenders } from "../records/messages.ts";
import { isAuthenticationFailure } from "./error-kinds.ts";

export type HealthStatus = "ok" | "degraded" | "failing";

export interface HealthFacts {
  /** The latest passes, newest first: enough of them to count consecutive failures. */
  readonly recentPasses: readonly PassFact[];
  /** When the latest pass that ended well listed the inbox, however long ago; null: none recorded. */
  readonly lastOkFetch: Date | null;
  /** When the oldest pass still recorded started: how long intake has been trying. */
  readonly firstPassStartedAt: Date | null;
  readonly outbox: {
    /** Waiting for their first attempt. */
    readonly pending: number;
    /** Tried, refused for now, waiting to be tried again. */
    readonly deferred: number;
    /** An attempt whose outcome is not known yet (under way, or cut short and to be looked up). */
    readonly unconfirmed: number;
    /** Given up on in the last 24 hours. */
    readonly failed: number;
    /** When the oldest deferred or unconfirmed reply was recorded. */
    readonly oldestDeferredAt: Date | null;
  };
  /**
   * Messages waiting in the inbox: counted now (`intake status`), or as the last pass found
   * them. `unreachable` says why the mailbox could not be counted.
   */
  readonly backlog: { readonly messages: number | null; readonly seenAt: Date | null; readonly unreachable: string | null };
  readonly openAlert: { readonly kind: string; readonly openedAt: Date; readonly notified: boolean } | null;
  /** The latest forms from the allowed sender domains, and how many of them were unverified; absent: not looked at. */
  readonly formSenders?: RecentFormSenders;
}

export interface HealthThresholds {
  /** No successful fetch for longer than this: failing. */
  readonly afterMinutes: number;
  /** This many consecutive passes refused by authentication: failing. */
  readonly authFailures: number;
  /** This many forms in a row from `formSenderDomains`, all unverified: degraded. Absent or 0: never. */
  readonly unverifiedForms?: number;
  readonly formSenderDomains?: readonly string[];
}

export type HealthProblemCode =
  | "NO_PASS_RECORDED"
  | "NO_SUCCESSFUL_FETCH"
  | "AUTHENTICATION_REFUSED"
  | "LAST_PASS_FAILED"
  | "REPLIES_DELAYED"
  | "MAILBOX_UNREACHABLE"
  | "SENDERS_UNVERIFIED";

export interface HealthProblem {
  readonly code: HealthProblemCode;
  readonly severity: Exclude<HealthStatus, "ok">;
  readonly text: string;
}

export interface Assessment {
  readonly status: HealthStatus;
  readonly checkedAt: string;
  readonly lastSuccessfulFetch: string | null;
  readonly backlog: { readonly messages: number | null; readonly seenAt: string | null };
  readonly outbox: { readonly pending: number; readonly deferred: number; readonly unconfirmed: number; readonly failed: number };
  readonly failures: {
    /** Latest passes in a row that failed (a pass under way aside). */
    readonly consecutivePasses: number;
    /** Latest passes in a row refused by authentication. */
    readonly consecutiveAuthentication: number;
    readonly lastError: { readonly at: string; readonly name: string; readonly message: string } | null;
  };
  readonly alert: { readonly kind: string; readonly openedAt: string; readonly notified: boolean } | null;
  /** "CODE: sentence", worst first. */
  readonly problems: readonly string[];
  /** The problem that makes intake failing (the alert's kind); null unless failing. */
  readonly failingOn: HealthProblemCode | null;
}

const MINUTE_MS = 60_000;

/** Finished passes, newest first: a pass under way is left out, one left unfinished behind a newer one was interrupted. */
function finishedPasses(passes: readonly PassFact[]): PassFact[] {
  const firstDone = passes.findIndex((pass) => pass.status !== "running");
  if (firstDone < 0) return [];
  return passes.slice(firstDone).map((pass) =>
    pass.status === "running" ? { ...pass, status: "failed", errorName: "Interrupted", errorMessage: "the pass never finished" } : pass,
  );
}

function countWhile(passes: readonly PassFact[], test: (pass: PassFact) => boolean): number {
  const end = passes.findIndex((pass) => !test(pass));
  return end < 0 ? passes.length : end;
}

const failed = (pass: PassFact): boolean => pass.status === "failed";
const refused = (pass: PassFact): boolean => pass.status === "failed" && isAuthenticationFailure(pass.errorKinds);

function describeError(pass: PassFact): string {
  return [pass.errorName ?? "Error", pass.errorMessage].filter(Boolean).join(": ");
}

function minutesSince(then: Date, now: Date): number {
  return Math.floor((now.getTime() - then.getTime()) / MINUTE_MS);
}

function noPassRecorded(facts: HealthFacts): HealthProblem | null {
  if (facts.recentPasses.length > 0) return null;
  return { code: "NO_PASS_RECORDED", severity: "degraded", text: "no intake pass has been recorded yet" };
}

/**
 * The last fetch that counts: by a pass that ended well, or by the pass under way (a long
 * pass is not a stall). A pass that listed the inbox and then failed does not count, or
 * intake that fails the same way every time would look healthy.
 */
function lastSuccessfulFetch(facts: HealthFacts): Date | null {
  const underWay = facts.recentPasses[0]?.status === "running" ? facts.recentPasses[0].fetchedAt : null;
  if (!underWay) return facts.lastOkFetch;
  return !facts.lastOkFetch || underWay > facts.lastOkFetch ? underWay : facts.lastOkFetch;
}

function noSuccessfulFetch(facts: HealthFacts, now: Date, thresholds: HealthThresholds): HealthProblem | null {
  const fetched = lastSuccessfulFetch(facts);
  const since = fetched ?? facts.firstPassStartedAt;
  if (!since || now.getTime() - since.getTime() <= thresholds.afterMinutes * MINUTE_MS) return null;
  const text = fetched
    ? `no successful fetch from the mailbox for ${minutesSince(since, now)} minutes (the last at ${since.toISOString()})`
    : `no successful fetch from the mailbox since passes began ${minutesSince(since, now)} minutes ago`;
  return { code: "NO_SUCCESSFUL_FETCH", severity: "failing", text };
}

function authenticationRefused(passes: readonly PassFact[], thresholds: HealthThresholds): HealthProblem | null {
  const count = countWhile(passes, refused);
  const latest = passes[0];
  if (count === 0 || !latest) return null;
  const times = count === 1 ? "on the last pass" : `on the last ${count} passes`;
  return {
    code: "AUTHENTICATION_REFUSED",
    severity: count >= thresholds.authFailures ? "failing" : "degraded",
    text: `the mail server refused our credentials ${times} (${describeError(latest)})`,
  };
}

function lastPassFailed(passes: readonly PassFact[]): HealthProblem | null {
  const latest = passes[0];
  if (!latest || !failed(latest) || refused(latest)) return null;
  const count = countWhile(passes, failed);
  const times = count === 1 ? "the last pass failed" : `the last ${count} passes failed`;
  return { code: "LAST_PASS_FAILED", severity: "degraded", text: `${times} (${describeError(latest)})` };
}

function repliesDelayed(facts: HealthFacts, now: Date, thresholds: HealthThresholds): HealthProblem | null {
  const oldest = facts.outbox.oldestDeferredAt;
  if (!oldest || now.getTime() - oldest.getTime() <= thresholds.afterMinutes * MINUTE_MS) return null;
  return {
    code: "REPLIES_DELAYED",
    severity: "degraded",
    text: `${facts.outbox.deferred + facts.outbox.unconfirmed} replies wait to be tried again, the oldest recorded ${minutesSince(oldest, now)} minutes ago`,
  };
}

function mailboxUnreachable(facts: HealthFacts): HealthProblem | null {
  const reason = facts.backlog.unreachable;
  if (reason === null) return null;
  return { code: "MAILBOX_UNREACHABLE", severity: "degraded", text: `the mailbox could not be reached to count what is waiting (${reason})` };
}

/**
 * Genuine-looking forms (an allowed sender domain, a PDF attached) that were all unverified:
 * not a forgery campaign but, far more likely, real mail whose evidence no configured path reads.
 */
function sendersUnverified(facts: HealthFacts, thresholds: HealthThresholds): HealthProblem | null {
  const wanted = thresholds.unverifiedForms ?? 0;
  const seen = facts.formSenders;
  if (!seen || wanted <= 0 || seen.forms < wanted || seen.unverified < seen.forms) return null;
  const domains = (thresholds.formSenderDomains ?? []).join(", ");
  const explain = seen.newestMessageId ? `intake senders explain --message-id '${seen.newestMessageId}'` : "intake senders explain FILE.eml";
  return {
    code: "SENDERS_UNVERIFIED",
    severity: "degraded",
    text:
      `the last ${seen.forms} forms from ${domains} addresses were all SENDER_UNVERIFIED: an evidence path is likely missing or misconfigured ` +
      `(README: Proving senders on Microsoft 365 and NHSmail); run \`${explain}\` to see what each path found`,
  };
}

/** Every problem found, worst first. */
export function findHealthProblems(facts: HealthFacts, now: Date, thresholds: HealthThresholds): HealthProblem[] {
  const passes = finishedPasses(facts.recentPasses);
  const found = [
    noPassRecorded(facts),
    noSuccessfulFetch(facts, now, thresholds),
    authenticationRefused(passes, thresholds),
    lastPassFailed(passes),
    repliesDelayed(facts, now, thresholds),
    mailboxUnreachable(facts),
    sendersUnverified(facts, thresholds),
  ].filter((problem): problem is HealthProblem => problem !== null);
  return [...found.filter((p) => p.severity === "failing"), ...found.filter((p) => p.severity !== "failing")];
}

export function assessHealth(facts: HealthFacts, now: Date, thresholds: HealthThresholds): Assessment {
  const problems = findHealthProblems(facts, now, thresholds);
  const passes = finishedPasses(facts.recentPasses);
  const lastFailed = passes.find(failed);
  const failing = problems.find((p) => p.severity === "failing");
  return {
    status: failing ? "failing" : problems.length > 0 ? "degraded" : "ok",
    checkedAt: now.toISOString(),
    lastSuccessfulFetch: lastSuccessfulFetch(facts)?.toISOString() ?? null,
    backlog: { messages: facts.backlog.messages, seenAt: facts.backlog.seenAt?.toISOString() ?? null },
    outbox: { pending: facts.outbox.pending, deferred: facts.outbox.deferred, unconfirmed: facts.outbox.unconfirmed, failed: facts.outbox.failed },
    failures: {
      consecutivePasses: countWhile(passes, failed),
      consecutiveAuthentication: countWhile(passes, refused),
      lastError: lastFailed
        ? {
            at: (lastFailed.finishedAt ?? lastFailed.startedAt).toISOString(),
            name: lastFailed.errorName ?? "Error",
            message: lastFailed.errorMessage ?? "",
          }
        : null,
    },
    alert: facts.openAlert
      ? { kind: facts.openAlert.kind, openedAt: facts.openAlert.openedAt.toISOString(), notified: facts.openAlert.notified }
      : null,
    problems: problems.map((p) => `${p.code}: ${p.text}`),
    failingOn: failing?.code ?? null,
  };
}
