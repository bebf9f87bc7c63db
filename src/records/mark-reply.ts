import type { ComposedReply } from "../replies/reply.ts";
import { audit } from "./audit.ts";
import type { Database } from "./database.ts";
import { createReplies } from "./record-decision.ts";
import type { ReplyToDeliver } from "./replies-to-deliver.ts";

export async function markReplySent(db: Database, replyId: number, at: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { status: "sent", sentAt: at, attempts: { increment: 1 } } });
    await audit(tx, { subjectType: "reply", subjectId: replyId, event: "sent", fromState: "pending", toState: "sent" });
  });
}

/** A temporary failure: the reply stays pending and is not tried again before `retryAt`. */
export async function markReplyDeferred(db: Database, replyId: number, error: string, retryAt: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({
      where: { id: replyId },
      data: { attempts: { increment: 1 }, lastError: error.slice(0, 500), nextAttemptAt: retryAt },
    });
    await audit(tx, { subjectType: "reply", subjectId: replyId, event: "delivery-deferred", detail: error.slice(0, 500) });
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
      data: { status: "failed", attempts: { increment: 1 }, lastError: error.slice(0, 500), nextAttemptAt: null },
    });
    await audit(tx, { subjectType: "reply", subjectId: reply.id, event: "delivery-failed", fromState: "pending", toState: "failed", detail: error.slice(0, 500) });
    if (reply.requestId !== null) {
      await tx.request.update({ where: { id: reply.requestId }, data: { attention: `${reply.kind} undeliverable` } });
      await audit(tx, { subjectType: "request", subjectId: reply.requestId, event: "notification-undeliverable", detail: reply.kind });
    }
    if (notice) {
      await createReplies(tx, [notice], { decisionId: reply.decisionId, inboundId: reply.inboundId, requestId: reply.requestId });
    }
  });
}
