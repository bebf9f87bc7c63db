// One pass over the inbox: every waiting message is decided and recorded, the replies are
// delivered, then the messages are filed by outcome, a batch at a time. A crash at any
// point leaves unfiled messages in the inbox; the next pass files them without deciding
// or replying twice.
import { isMailboxFailure, UidValidityChangedError } from "../mailbox/imap-errors.ts";
import type { FilingInstruction } from "../mailbox/mailbox.ts";
import type { Outcome } from "../rules/reasons.ts";
import { endInboxAttempt, startInboxAttempt } from "../records/inbox-attempts.ts";
import { deliverReplies } from "../outbox/delivery.ts";
import type { PassCounts } from "../records/passes.ts";
import type { IntakeContext } from "./intake-context.ts";
import { processMessage, referFailedMessage, type ProcessedMessage } from "./process-message.ts";

export interface RunSummary {
  readonly messages: number;
  readonly outcomes: Record<Outcome, number>;
  readonly repliesSent: number;
  /** Replies that failed for now and wait to be tried again. */
  readonly repliesDeferred: number;
  /** Replies that will never be delivered (the support team was told). */
  readonly repliesFailed: number;
  /** Messages that could not even be referred (left in the inbox for the next pass). */
  readonly leftInInbox: number;
  /**
   * Messages decided but not filed, because the inbox changed under the pass (renumbered or
   * rebuilt): their keys no longer named the messages decided. The next pass files them.
   */
  readonly unfiled: number;
}

const BATCH = 100;

/** Handling a message that was cut short this many times (the process ended each time) is not started again. */
export const MAX_CUT_SHORT = 5;

/** Handling the message ended the process, or coincided with its end, too many times: it is referred unhandled. */
export class HandlingCutShortError extends Error {
  constructor(times: number) {
    super(`handling this message was cut short ${times} times (the intake process ended while on it); referred without handling it again`);
    this.name = "HandlingCutShortError";
  }
}

async function refer(context: IntakeContext, entry: Parameters<typeof processMessage>[1], error: unknown): Promise<ProcessedMessage | null> {
  try {
    const raw = await context.mailbox.read(entry).catch(() => null);
    return await referFailedMessage(context, entry, raw, error);
  } catch (referError) {
    context.log.error("message could not be referred; left in the inbox", { key: entry.key, error: (referError as Error).message });
    return null;
  }
}

async function handle(context: IntakeContext, entry: Parameters<typeof processMessage>[1]): Promise<ProcessedMessage | null> {
  // Written before handling starts and removed once it ends: one that outlives the process
  // (a crash, an OOM kill on a hostile message) is counted at the next start.
  const attempt = await startInboxAttempt(context.db, entry.key, context.clock());
  try {
    if (attempt > MAX_CUT_SHORT) {
      context.log.error("message referred unhandled: handling it was cut short too often", { key: entry.key, times: attempt - 1 });
      return await refer(context, entry, new HandlingCutShortError(attempt - 1));
    }
    return await processMessage(context, entry);
  } catch (error) {
    // The inbox was renumbered, or the mailbox itself failed: nothing is wrong with this
    // message, so it is not referred; it waits in the inbox for the next pass.
    if (error instanceof UidValidityChangedError || isMailboxFailure(error)) throw error;
    context.log.error("message handling failed; referring it", { key: entry.key, error: (error as Error).message });
    return await refer(context, entry, error);
  } finally {
    await endInboxAttempt(context.db, entry.key).catch((error: unknown) =>
      context.log.warn("could not record the end of handling a message", { key: entry.key, error: (error as Error).message }),
    );
  }
}

/** What a pass did, as its health record counts it (src/health/record-pass.ts). */
export function passCountsOf(summary: RunSummary): PassCounts {
  return {
    messagesTaken: summary.messages - summary.leftInInbox,
    leftInInbox: summary.leftInInbox,
    accepted: summary.outcomes.accepted,
    rejected: summary.outcomes.rejected,
    flagged: summary.outcomes.flagged,
    ignored: summary.outcomes.ignored,
    duplicate: summary.outcomes.duplicate,
    repliesSent: summary.repliesSent,
    repliesDeferred: summary.repliesDeferred,
    repliesFailed: summary.repliesFailed,
  };
}

/** One pass over the inbox. Its health record is composed by the caller (src/jobs, src/cli). */
export async function runOnce(context: IntakeContext): Promise<RunSummary> {
  const outcomes: Record<Outcome, number> = { accepted: 0, rejected: 0, flagged: 0, ignored: 0, duplicate: 0 };
  let repliesSent = 0;
  let repliesDeferred = 0;
  let repliesFailed = 0;
  let leftInInbox = 0;
  let unfiled = 0;
  const deliver = async (): Promise<void> => {
    const count = await deliverReplies(context);
    repliesSent += count.sent;
    repliesDeferred += count.deferred;
    repliesFailed += count.failed;
  };

  await deliver(); // replies left pending by an earlier pass
  const entries = await context.mailbox.waiting();
  // The examiner's worker starts before the first message, not during it: handling a message
  // then takes milliseconds, and an unrelated end of the process (a restart, a kill) rarely
  // lands in it, so it is rarely counted against the message (MAX_CUT_SHORT). A worker that
  // cannot start fails the first examination as before.
  if (entries.length > 0) await context.examiner.warmUp().catch(() => undefined);
  for (let start = 0; start < entries.length; start += BATCH) {
    const filing: FilingInstruction[] = [];
    let renumbered = false;
    for (const entry of entries.slice(start, start + BATCH)) {
      let processed: ProcessedMessage | null;
      try {
        processed = await handle(context, entry);
      } catch (error) {
        if (!(error instanceof UidValidityChangedError)) throw error;
        renumbered = true;
        break;
      }
      if (!processed) {
        leftInInbox++;
        continue;
      }
      outcomes[processed.outcome]++;
      filing.push({ entry, folder: processed.folder, decidedMark: processed.decidedMark });
    }
    await deliver();
    if (renumbered) {
      // Those read are recorded and those not read are untouched: the next pass lists the inbox afresh.
      context.log.warn("inbox renumbered (UIDVALIDITY) while reading; the next pass takes up the rest", { recorded: filing.length });
      break;
    }
    try {
      unfiled += (await context.mailbox.file(filing)).notFiled.length;
    } catch (error) {
      // The inbox was renumbered since it was listed: every message here is recorded, so the
      // next pass lists it afresh and files it without judging it again.
      if (!(error instanceof UidValidityChangedError)) throw error;
      context.log.warn("inbox renumbered (UIDVALIDITY) before filing; the next pass files these messages", { count: filing.length });
      break;
    }
  }
  const summary = { messages: entries.length, outcomes, repliesSent, repliesDeferred, repliesFailed, leftInInbox, unfiled };
  context.log.info("intake pass finished", summary);
  return summary;
}
