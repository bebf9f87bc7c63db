// Reads what the health assessment is judged from: recorded passes, the outbox, the open
// alert and, when the caller can count it, the mailbox's backlog. Reads only.
import type { Records } from "../records/database.ts";
import { findOpenAlert, type OpenAlert } from "../records/alerts.ts";
import { outboxState } from "../records/replies.ts";
import { passHistory } from "../records/passes.ts";
import { recentFormSenders } from "../records/messages.ts";
import type { HealthFacts, HealthThresholds } from "./assess-health.ts";
import { shortMessage } from "./error-kinds.ts";

export interface GatheredFacts extends HealthFacts {
  readonly openAlert: OpenAlert | null;
}

/** Passes read back: enough to count authentication failures in a row, and a few more. */
function passesToRead(thresholds: HealthThresholds): number {
  return Math.max(thresholds.authFailures + 1, 20);
}

/**
 * `countWaiting` counts the messages in the inbox now; without it (or when it fails) the
 * backlog is the one the last pass saw. A failure to count is reported, not thrown.
 */
export async function gatherHealthFacts(
  db: Records,
  now: Date,
  thresholds: HealthThresholds,
  countWaiting?: () => Promise<number>,
): Promise<GatheredFacts> {
  const [history, outbox, openAlert, formSenders] = await Promise.all([
    passHistory(db, passesToRead(thresholds)),
    outboxState(db, now),
    findOpenAlert(db),
    recentFormSenders(db, thresholds.formSenderDomains ?? [], thresholds.unverifiedForms ?? 0),
  ]);
  const lastSeen = { messages: history.lastListing?.backlog ?? null, seenAt: history.lastListing?.at ?? null };
  let backlog: HealthFacts["backlog"] = { ...lastSeen, unreachable: null };
  if (countWaiting) {
    try {
      backlog = { messages: await countWaiting(), seenAt: now, unreachable: null };
    } catch (error) {
      backlog = { ...lastSeen, unreachable: `${(error as Error).name ?? "Error"}: ${shortMessage(error)}` };
    }
  }
  return { ...history, outbox, backlog, openAlert, formSenders };
}
