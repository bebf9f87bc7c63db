// Every intake pass is recorded as it starts, when its inbox listing comes back (the fetch
// succeeded, with the backlog it saw) and as it ends, ok with its counts or failed with the
// error's class names and a short message; then the health is reviewed. An attempt that
// could not even open the mailbox is recorded as a failed pass too: that is how a refused
// login at start-up shows, and how it reaches the alert.
import type { Mailbox } from "../mailbox/mailbox.ts";
import { finishPass, markPassFetched, startPass, type PassCounts, type PassError } from "../records/passes.ts";
import { errorKinds, shortMessage } from "./error-kinds.ts";
import { reviewHealth, type HealthContext } from "./review-health.ts";

function passError(error: unknown): PassError {
  return { name: error instanceof Error ? error.name : typeof error, kinds: errorKinds(error), message: shortMessage(error) };
}

/** The same mailbox, reporting each inbox listing that comes back; every other call goes straight through. */
function reportingListings(mailbox: Mailbox, listed: (count: number) => Promise<void>): Mailbox {
  const waiting = async (): ReturnType<Mailbox["waiting"]> => {
    const entries = await mailbox.waiting();
    await listed(entries.length);
    return entries;
  };
  return new Proxy(mailbox, {
    get(target, property) {
      if (property === "waiting") return waiting;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A review must not turn a pass's result into another: its failure is logged. */
async function reviewAfter(context: HealthContext): Promise<void> {
  try {
    await reviewHealth(context);
  } catch (error) {
    context.log.error("health review failed", { error: (error as Error).message });
  }
}

/** What a recorded pass works with: the health context and the mailbox it passes over. */
export interface PassContext extends HealthContext {
  readonly mailbox: Mailbox;
}

/**
 * Runs `pass` recorded: its start, its inbox listing, its end with the counts `countsOf` gives
 * (or its error); then the health is reviewed. The caller composes the pass and its record.
 */
export async function recordPass<C extends PassContext, T>(context: C, pass: (context: C) => Promise<T>, countsOf: (result: T) => PassCounts): Promise<T> {
  const { db, clock, log } = context;
  const passId = await startPass(db, clock());
  const mailbox = reportingListings(context.mailbox, (count) => markPassFetched(db, passId, clock(), count));
  let summary: T;
  try {
    summary = await pass({ ...context, mailbox });
  } catch (error) {
    await finishPass(db, passId, { status: "failed", finishedAt: clock(), error: passError(error) }).catch((recordError: unknown) =>
      log.error("the failed pass could not be recorded", { error: (recordError as Error).message }),
    );
    await reviewAfter(context);
    throw error;
  }
  await finishPass(db, passId, { status: "ok", finishedAt: clock(), counts: countsOf(summary) });
  await reviewAfter(context);
  return summary;
}

/** The mailbox could not be opened (refused login, unreachable server): a pass that failed before it listed anything. */
export async function recordMailboxNotOpened(context: HealthContext, startedAt: Date, error: unknown): Promise<void> {
  try {
    const passId = await startPass(context.db, startedAt);
    await finishPass(context.db, passId, { status: "failed", finishedAt: context.clock(), error: passError(error) });
  } catch (recordError) {
    context.log.error("the failed pass could not be recorded", { error: (recordError as Error).message });
    return;
  }
  await reviewAfter(context);
}
