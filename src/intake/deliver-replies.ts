// Sends the replies recorded with decisions. Each reply is sent at most once: its
// Message-ID was fixed when it was recorded, and it is marked sent as soon as the outbox
// took it. A temporary failure is tried again later, waiting longer each time; a
// permanent one (or too many attempts) marks it failed and tells the support team.
// Deliveries through one database run one at a time, so an intake pass and the health
// monitor in the same process never send the same reply twice.
import { DeliveryError } from "../outbox/outbox.ts";
import { markReplyDeferred, markReplyFailed, markReplySent } from "../records/mark-reply.ts";
import { repliesToDeliver, type ReplyToDeliver } from "../records/replies-to-deliver.ts";
import { composeUndeliverableNotice } from "../replies/compose-replies.ts";
import { newReplyMessageId } from "../replies/reply-message-id.ts";
import { isSupportReply } from "../replies/reply.ts";
import type { IntakeContext } from "./intake-context.ts";

/** What delivering needs: no mailbox, so mail still leaves when the mailbox cannot be opened. */
export type DeliveryContext = Pick<IntakeContext, "db" | "outbox" | "config" | "log" | "clock" | "templates" | "replySettings" | "signingKey">;

export interface DeliveryCount {
  readonly sent: number;
  readonly deferred: number;
  readonly failed: number;
}

const MAX_WAIT_MS = 60 * 60 * 1000;

/** When to try again after `attempts` failures: the base wait, doubled each time, at most an hour. */
export function retryDelayMs(baseSeconds: number, attempts: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1), MAX_WAIT_MS);
}

async function fail(context: DeliveryContext, reply: ReplyToDeliver, reason: string): Promise<void> {
  const domain = context.config.replyFrom.address.split("@")[1] ?? "localhost";
  const notice =
    isSupportReply(reply.kind)
      ? null
      : composeUndeliverableNotice(reply, reason, context.templates, context.replySettings, newReplyMessageId(domain, context.signingKey)("support-notice"));
  await markReplyFailed(context.db, reply, reason, notice);
  context.log.error("reply failed for good", { replyId: reply.id, kind: reply.kind, attempts: reply.attempts + 1, error: reason });
}

const deliveriesUnderWay = new WeakMap<object, Promise<unknown>>();

export function deliverReplies(context: DeliveryContext): Promise<DeliveryCount> {
  const previous = deliveriesUnderWay.get(context.db) ?? Promise.resolve();
  const delivery = previous.then(() => deliverPending(context));
  deliveriesUnderWay.set(context.db, delivery.catch(() => undefined)); // the caller sees the failure
  return delivery;
}

async function deliverPending(context: DeliveryContext): Promise<DeliveryCount> {
  const { db, outbox, config, log, clock } = context;
  let sent = 0;
  let deferred = 0;
  let failed = 0;
  // A failure notice queued during this pass is picked up by the next query.
  for (let batch = await repliesToDeliver(db, clock()); batch.length > 0; batch = await repliesToDeliver(db, clock())) {
    let progress = false;
    for (const reply of batch) {
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
        progress = true;
      } catch (error) {
        const reason = (error as Error).message;
        const permanent = error instanceof DeliveryError && error.permanent;
        if (permanent || reply.attempts + 1 >= config.replyMaxAttempts) {
          await fail(context, reply, reason);
          failed++;
          progress = true;
        } else {
          const retryAt = new Date(clock().getTime() + retryDelayMs(config.replyRetrySeconds, reply.attempts + 1));
          await markReplyDeferred(db, reply.id, reason, retryAt);
          log.warn("reply deferred", { replyId: reply.id, kind: reply.kind, attempt: reply.attempts + 1, retryAt, error: reason });
          deferred++;
        }
      }
    }
    // Deferred replies leave the query; only stop when a whole batch made no progress.
    if (!progress) break;
  }
  return { sent, deferred, failed };
}
