// Sends the replies recorded with decisions. A reply that fails stays pending and is
// tried again on the next run; one that was sent is never sent again.
import { markReplyAttemptFailed, markReplySent } from "../records/mark-reply.ts";
import { repliesToDeliver } from "../records/replies-to-deliver.ts";
import type { IntakeContext } from "./intake-context.ts";

export interface DeliveryCount {
  readonly sent: number;
  readonly failed: number;
}

export async function deliverReplies(context: IntakeContext): Promise<DeliveryCount> {
  const { db, outbox, config, log, clock } = context;
  let sent = 0;
  let failed = 0;
  for (const reply of await repliesToDeliver(db)) {
    try {
      await outbox.send({
        messageId: reply.messageId,
        from: { name: config.replyFrom.name, address: config.replyFrom.address },
        to: reply.recipient,
        subject: reply.subject,
        text: reply.text,
        html: reply.html,
        inReplyTo: reply.inReplyTo,
        references: reply.references,
      });
      await markReplySent(db, reply.id, clock());
      sent++;
    } catch (error) {
      failed++;
      const reason = (error as Error).message;
      log.warn("reply not delivered", { replyId: reply.id, kind: reply.kind, attempt: reply.attempts + 1, error: reason });
      await markReplyAttemptFailed(db, reply.id, reason);
    }
  }
  return { sent, failed };
}
