import type { ComposedReply } from "../replies/reply.ts";
import { audit } from "./audit.ts";
import type { Database } from "./database.ts";
import { createReplies } from "./record-decision.ts";

/** Marks the open alert resolved and queues the recovery notice with it, in one transaction. */
export async function resolveAlert(db: Database, alertId: number, at: Date, email: ComposedReply | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const resolved = await tx.alert.updateMany({ where: { id: alertId, resolvedAt: null }, data: { resolvedAt: at, openSlot: null } });
    if (resolved.count === 0) return; // resolved meanwhile by another process
    await audit(tx, { subjectType: "alert", subjectId: alertId, event: "resolved", fromState: "open", toState: "resolved" });
    if (email) await createReplies(tx, [email], { decisionId: null, inboundId: null, requestId: null, alertId });
  });
}
