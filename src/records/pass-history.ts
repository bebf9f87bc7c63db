import type { PassFact } from "../health/assess-health.ts";
import type { Records } from "./database.ts";

/** One recorded pass, as the health assessment reads it. */
export type PassRow = PassFact;

export interface PassHistory {
  /** The latest passes, newest first. */
  readonly recentPasses: readonly PassRow[];
  /** When the latest pass that ended well listed the inbox. */
  readonly lastOkFetch: Date | null;
  /** When the oldest pass still recorded started. */
  readonly firstPassStartedAt: Date | null;
  /** The latest inbox listing: how many messages waited, and when. */
  readonly lastListing: { readonly backlog: number; readonly at: Date } | null;
}

const STATUSES = new Set(["running", "ok", "failed"]);

/** What the recorded passes say, for the health assessment. */
export async function passHistory(db: Records, limit: number): Promise<PassHistory> {
  const [recent, lastOk, first, listed] = await Promise.all([
    db.intakePass.findMany({ orderBy: { id: "desc" }, take: limit }),
    db.intakePass.findFirst({ where: { status: "ok", fetchedAt: { not: null } }, orderBy: { id: "desc" }, select: { fetchedAt: true } }),
    db.intakePass.findFirst({ orderBy: { id: "asc" }, select: { startedAt: true } }),
    db.intakePass.findFirst({ where: { fetchedAt: { not: null } }, orderBy: { id: "desc" }, select: { fetchedAt: true, backlog: true } }),
  ]);
  return {
    recentPasses: recent.map((row) => ({
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      fetchedAt: row.fetchedAt,
      status: STATUSES.has(row.status) ? (row.status as PassRow["status"]) : "failed",
      errorName: row.errorName,
      errorKinds: row.errorKinds ? row.errorKinds.split(" ").filter(Boolean) : [],
      errorMessage: row.errorMessage,
    })),
    lastOkFetch: lastOk?.fetchedAt ?? null,
    firstPassStartedAt: first?.startedAt ?? null,
    lastListing: listed?.fetchedAt && listed.backlog !== null ? { backlog: listed.backlog, at: listed.fetchedAt } : null,
  };
}
