// Sends the replies recorded with decisions, each once. Its Message-ID was fixed when it was
// recorded; each attempt is marked in the records before the outbox is asked, and the
// outcome after. An attempt cut short (the process killed after the SMTP server took the
// mail and before that was recorded) is found marked "sending": before any retry, the
// outbox's own record (the .eml file, the Sent folder) says whether the mail left.
// A temporary failure is tried again later, waiting longer each time; a permanent one (or
// too many attempts) marks it failed and tells the support team.
// Deliveries through one database run one at a time, so an intake pass and the health
// monitor in the same process never send the same reply twice. This sits one layer above the
// transports (as nodemailer's Mailer sits above its transports): it owns retries, attempts and
// the Sent-folder lookup, and every Outbox only sends and looks up.
import type { Config } from "../config/config.ts";
import { withoutAddresses, type Logger } from "../log/logger.ts";
import type { Database } from "../records/database.ts";
import {
  claimReply,
  markReplyDeferred,
  markReplyFailed,
  markReplySent,
  markReplyUnconfirmed,
  repliesToDeliver,
  type ReplyToDeliver,
} from "../records/replies.ts";
import { composeUndeliverableNotice, type ReplySettings } from "../replies/compose-replies.ts";
import { isSupportReply, type ReplyKind } from "../replies/reply.ts";
import type { Templates } from "../replies/templates.ts";
import { DeliveryError, type Outbox } from "./outbox.ts";

/** What delivering needs: no mailbox, so mail still leaves when the mailbox cannot be opened. */
export interface DeliveryContext {
  readonly db: Database;
  readonly outbox: Outbox;
  readonly config: Pick<Config, "replyFrom" | "replyRetrySeconds" | "replyMaxAttempts">;
  readonly log: Logger;
  readonly clock: () => Date;
  readonly templates: Templates;
  readonly replySettings: ReplySettings;
  /** A fresh, signed Message-ID for each email made here (the notice of an undeliverable reply). */
  readonly replyMessageId: (kind: ReplyKind) => string;
}

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

async function fail(context: DeliveryContext, reply: ReplyToDeliver, reason: string, attempts: number): Promise<void> {
  const notice = isSupportReply(reply.kind)
    ? null
    : composeUndeliverableNotice(reply, reason, context.templates, context.replySettings, context.replyMessageId("support-notice"));
  await markReplyFailed(context.db, reply, reason, notice, context.clock());
  context.log.error("reply failed for good", { replyId: reply.id, kind: reply.kind, attempts, error: withoutAddresses(reason) });
}

const deliveriesUnderWay = new WeakMap<object, Promise<unknown>>();

export function deliverReplies(context: DeliveryContext): Promise<DeliveryCount> {
  const previous = deliveriesUnderWay.get(context.db) ?? Promise.resolve();
  const delivery = previous.then(() => deliverPending(context));
  deliveriesUnderWay.set(context.db, delivery.catch(() => undefined)); // the caller sees the failure
  return delivery;
}

/** What became of one reply in this delivery. */
type Result = "sent" | "deferred" | "failed" | "unconfirmed" | "skipped";

async function deliverPending(context: DeliveryContext): Promise<DeliveryCount> {
  const { db, clock } = context;
  const count = { sent: 0, deferred: 0, failed: 0 };
  // A failure notice queued during this pass is picked up by the next query.
  for (let batch = await repliesToDeliver(db, clock()); batch.length > 0; batch = await repliesToDeliver(db, clock())) {
    let progress = false;
    for (const reply of batch) {
      const result = await deliverOne(context, reply);
      if (result === "sent" || result === "failed") progress = true;
      if (result === "sent" || result === "failed" || result === "deferred") count[result]++;
      if (result === "unconfirmed") count.deferred++;
    }
    // Deferred replies leave the query; only stop when a whole batch made no progress.
    if (!progress) break;
  }
  return count;
}

/**
 * One attempt: claimed first (so a crash leaves the reply "sending", never "pending" after it
 * may have left), its fate looked up when an earlier attempt was cut short, then handed to
 * the outbox and the outcome recorded.
 */
async function deliverOne(context: DeliveryContext, reply: ReplyToDeliver): Promise<Result> {
  const { db, outbox, config, log, clock } = context;
  const attempt = reply.attempts + 1;
  const retryAt = new Date(clock().getTime() + retryDelayMs(config.replyRetrySeconds, attempt));
  if (!(await claimReply(db, reply, retryAt))) return "skipped"; // another process has it
  try {
    if (reply.status === "sending") {
      const record = await outbox.lookUp(reply.messageId);
      if (record === "sent") {
        await markReplySent(db, reply.id, clock(), "found-after-interruption");
        log.info("reply found delivered after an interrupted attempt", { replyId: reply.id, kind: reply.kind });
        return "sent";
      }
      if (attempt > config.replyMaxAttempts) {
        // Every attempt was cut short (a reply that brings the process down?): stop here.
        await fail(context, reply, `${reply.attempts} attempts were cut short before their outcome was known`, attempt);
        return "failed";
      }
      if (record === "unknown") {
        log.warn("reply sent again: an attempt was cut short and the outbox keeps no record of what it took", { replyId: reply.id, kind: reply.kind });
      }
    }
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
    return "sent";
  } catch (error) {
    const reason = (error as Error).message;
    const delivery = error instanceof DeliveryError ? error : null;
    if (delivery?.permanent || attempt >= config.replyMaxAttempts) {
      await fail(context, reply, reason, attempt);
      return "failed";
    }
    // Not known to have failed (no answer came, or the outbox's record could not be read):
    // the reply stays "sending" and is looked up again before any retry.
    if (!delivery || delivery.mayHaveLeft) {
      await markReplyUnconfirmed(db, reply.id, reason, clock());
      log.warn("reply delivery unconfirmed", { replyId: reply.id, kind: reply.kind, attempt, retryAt, error: withoutAddresses(reason) });
      return "unconfirmed";
    }
    await markReplyDeferred(db, reply.id, reason, retryAt, clock());
    log.warn("reply deferred", { replyId: reply.id, kind: reply.kind, attempt, retryAt, error: withoutAddresses(reason) });
    return "deferred";
  }
}
