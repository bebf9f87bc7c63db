import type { Database } from "./database.ts";

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
      ? { status: "ok", ...end.counts }
      : { status: "failed", errorName: end.error.name.slice(0, 100), errorKinds: end.error.kinds.join(" ").slice(0, 500), errorMessage: end.error.message.slice(0, 500) };
  await db.$transaction(async (tx) => {
    await tx.intakePass.update({ where: { id: passId }, data: { finishedAt: end.finishedAt, ...outcome } });
    await tx.intakePass.deleteMany({ where: { id: { lte: passId - keep } } });
  });
}
