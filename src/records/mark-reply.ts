import { audit } from "./audit.ts";
import type { Database } from "./database.ts";

export async function markReplySent(db: Database, replyId: number, at: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { status: "sent", sentAt: at, attempts: { increment: 1 } } });
    await audit(tx, { subjectType: "reply", subjectId: replyId, event: "sent", fromState: "pending", toState: "sent" });
  });
}

/** A failed attempt: the reply stays pending and is tried again on the next run. */
export async function markReplyAttemptFailed(db: Database, replyId: number, error: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { attempts: { increment: 1 }, lastError: error.slice(0, 500) } });
    await audit(tx, { subjectType: "reply", subjectId: replyId, event: "delivery-failed", detail: error.slice(0, 500) });
  });
}
