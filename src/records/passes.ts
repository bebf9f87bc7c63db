// Intake passes over the mailbox: each recorded as it starts, when its inbox listing comes back
// and as it ends; and the recorded history the health assessment is judged from.
import { passStatuses, type PassStatus } from "./closed-sets.ts";
import type { Database, Records } from "./database.ts";
import type { Prisma } from "./generated/client.ts";

/** One recorded pass, as the health assessment reads it (src/health/assess-health.ts). */
export interface PassFact {
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** When its inbox listing came back; null: it never listed the inbox. */
  readonly fetchedAt: Date | null;
  readonly status: PassStatus;
  readonly errorName: string | null;
  /** Class names and codes along the error's cause chain (src/health/error-kinds.ts). */
  readonly errorKinds: readonly string[];
  readonly errorMessage: string | null;
}

/** Records that an intake pass has begun; returns its id. */
export async function startPass(db: Database, startedAt: Date): Promise<number> {
  return (await db.intakePass.create({ data: { startedAt, status: passStatuses.stored("running") }, select: { id: true } })).id;
}

/** The pass listed the inbox: the fetch succeeded, and this many messages were waiting. */
export async function markPassFetched(db: Database, passId: number, at: Date, backlog: number): Promise<void> {
  await db.intakePass.update({ where: { id: passId }, data: { fetchedAt: at, backlog } });
}

/** What one pass did, as counted by the pass. */
export interface PassCounts {
  readonly messagesTaken: number;
  readonly leftInInbox: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly flagged: number;
  readonly ignored: number;
  readonly duplicate: number;
  readonly repliesSent: number;
  readonly repliesDeferred: number;
  readonly repliesFailed: number;
}

/** Why a pass failed: class names and a short message, never message contents. */
export interface PassError {
  readonly name: string;
  /** Class names and codes along the cause chain (src/health/error-kinds.ts). */
  readonly kinds: readonly string[];
  readonly message: string;
}

export type PassEnd =
  | { readonly status: "ok"; readonly finishedAt: Date; readonly counts: PassCounts }
  | { readonly status: "failed"; readonly finishedAt: Date; readonly error: PassError };

/** How many passes are kept: about 17 hours at one pass a minute, plenty to count failures in a row. */
export const PASSES_KEPT = 1000;

/** Records how a pass ended and drops the oldest passes beyond the latest `keep`. */
export async function finishPass(db: Database, passId: number, end: PassEnd, keep = PASSES_KEPT): Promise<void> {
  const outcome =
    end.status === "ok"
      ? { ...end.counts }
      : { errorName: end.error.name.slice(0, 100), errorKinds: end.error.kinds.join(" ").slice(0, 500), errorMessage: end.error.message.slice(0, 500) };
  await db.$transaction(async (tx) => {
    await tx.intakePass.update({ where: { id: passId }, data: { status: passStatuses.stored(end.status), finishedAt: end.finishedAt, ...outcome } });
    await tx.intakePass.deleteMany({ where: { id: { lte: passId - keep } } });
  });
}

export interface PassHistory {
  /** The latest passes, newest first. */
  readonly recentPasses: readonly PassFact[];
  /** When the latest pass that ended well listed the inbox. */
  readonly lastOkFetch: Date | null;
  /** When the oldest pass still recorded started. */
  readonly firstPassStartedAt: Date | null;
  /** The latest inbox listing: how many messages waited, and when. */
  readonly lastListing: { readonly backlog: number; readonly at: Date } | null;
}

type PassRow = Prisma.IntakePassGetPayload<true>;

function passFact(row: PassRow): PassFact {
  return {
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    fetchedAt: row.fetchedAt,
    status: passStatuses.domain(row.status),
    errorName: row.errorName,
    errorKinds: row.errorKinds ? row.errorKinds.split(" ").filter(Boolean) : [],
    errorMessage: row.errorMessage,
  };
}

/** What the recorded passes say, for the health assessment. */
export async function passHistory(db: Records, limit: number): Promise<PassHistory> {
  const [recent, lastOk, first, listed] = await Promise.all([
    db.intakePass.findMany({ orderBy: { id: "desc" }, take: limit }),
    db.intakePass.findFirst({ where: { status: passStatuses.stored("ok"), fetchedAt: { not: null } }, orderBy: { id: "desc" }, select: { fetchedAt: true } }),
    db.intakePass.findFirst({ orderBy: { id: "asc" }, select: { startedAt: true } }),
    db.intakePass.findFirst({ where: { fetchedAt: { not: null } }, orderBy: { id: "desc" }, select: { fetchedAt: true, backlog: true } }),
  ]);
  return {
    recentPasses: recent.map(passFact),
    lastOkFetch: lastOk?.fetchedAt ?? null,
    firstPassStartedAt: first?.startedAt ?? null,
    lastListing: listed?.fetchedAt && listed.backlog !== null ? { backlog: listed.backlog, at: listed.fetchedAt } : null,
  };
}
