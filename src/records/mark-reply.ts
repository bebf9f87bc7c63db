import type { ComposedReply } from "../replies/reply.ts";
import { audit } from "./audit.ts";
import type { Database } from "./database.ts";
import { createReplies } from "./record-decision.ts";
import type { ReplyToDeliver } from "./replies-to-deliver.ts";

/**
 * Marks an attempt under way before the outbox is asked: the reply is "sending", one more
 * attempt is counted, and it is not looked at again before `retryAt`. Should the process die
 * before the outcome is recorded, the reply is found "sending" after `retryAt` and its fate
 * looked up before any retry. False when another process claimed the reply first.
 */
export async function claimReply(db: Database, reply: ReplyToDeliver, retryAt: Date): Promise<boolean> {
  const { count } = await db.reply.updateMany({
    where: { id: reply.id, status: reply.status, attempts: reply.attempts },
    data: { status: "sending", attempts: { increment: 1 }, nextAttemptAt: retryAt },
  });
  return count === 1;
}

/** How it is known that the reply left: the outbox took it, or its record showed it after an attempt was cut short. */
export type SentEvidence = "accepted" | "found-after-interruption";

export async function markReplySent(db: Database, replyId: number, at: Date, evidence: SentEvidence = "accepted"): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { status: "sent", sentAt: at, nextAttemptAt: null } });
    await audit(tx, { subjectType: "reply", subjectId: replyId, event: "sent", fromState: "sending", toState: "sent", detail: evidence });
  });
}

/** A temporary failure before the mail left: the reply is pending again and not tried before `retryAt`. */
export async function markReplyDeferred(db: Database, replyId: number, error: string, retryAt: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { status: "pending", lastError: error.slice(0, 500), nextAttemptAt: retryAt } });
    await audit(tx, { subjectType: "reply", subjectId: replyId, event: "delivery-deferred", fromState: "sending", toState: "pending", detail: error.slice(0, 500) });
  });
}

/**
 * An attempt whose outcome is not known (the connection failed after the mail may have left,
 * or its record could not be read): the reply stays "sending" and its fate is looked up
 * again, not before the time its claim set.
 */
export async function markReplyUnconfirmed(db: Database, replyId: number, error: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { lastError: error.slice(0, 500) } });
    await audit(tx, { subjectType: "reply", subjectId: replyId, event: "delivery-unconfirmed", detail: error.slice(0, 500) });
  });
}

/**
 * The reply will never be delivered: it is marked failed, its request is marked for the
 * support team's attention, and a notice to the support team is queued in the same
 * transaction (none for a failed notice itself, or failures would feed each other).
 */
export async function markReplyFailed(db: Database, reply: ReplyToDeliver, error: string, notice: ComposedReply | null): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({
      where: { id: reply.id },
      data: { status: "failed", lastError: error.slice(0, 500), nextAttemptAt: null },
    });
    await audit(tx, { subjectType: "reply", subjectId: reply.id, event: "delivery-failed", fromState: "sending", toState: "failed", detail: error.slice(0, 500) });
    if (reply.requestId !== null) {
      await tx.request.update({ where: { id: reply.requestId }, data: { attention: `${reply.kind} undeliverable` } });
      await audit(tx, { subjectType: "request", subjectId: reply.requestId, event: "notification-undeliverable", detail: reply.kind });
    }
    if (notice) {
      await createReplies(tx, [notice], { decisionId: reply.decisionId, inboundId: reply.inboundId, requestId: reply.requestId });
    }
  });
}
