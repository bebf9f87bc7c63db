// The replies the intake sends: queued with what they answer, claimed before each delivery
// attempt and marked with its outcome after, found again by Message-ID, and counted (the daily
// cap on answers, the outbox's state for the health assessment).
import { ANSWER_KINDS, NOTIFICATION_KIND, type ComposedReply, type ReplyKind } from "../replies/reply.ts";
import { audit } from "./audit.ts";
import { replyKinds, replyStatuses } from "./closed-sets.ts";
import type { Database, Records, Transaction } from "./database.ts";
import { DAY_MS } from "./days.ts";
import type { Prisma } from "./generated/client.ts";
import { markRequestForAttention } from "./requests.ts";

/** Why an answer over the daily cap was not sent, as its record says. */
export const SUPPRESSED_BY_CAP = "not sent: the daily cap of automatic answers to this address was reached";

/** What replies follow: a decision on an inbound message, or (for a health alert) neither. */
export interface ReplyLinks {
  readonly decisionId: number | null;
  readonly inboundId: number | null;
  readonly requestId: number | null;
  readonly alertId?: number | null;
}

const APPLICANT_NOTIFICATION_KINDS: ReadonlySet<ReplyKind> = new Set(Object.values(NOTIFICATION_KIND));

/** Records replies to deliver, or (`suppressed`) answers over the daily cap that are never sent. */
export async function queueReplies(
  tx: Transaction,
  replies: readonly ComposedReply[],
  links: ReplyLinks,
  at: Date,
  options: { readonly suppressed?: boolean } = {},
): Promise<void> {
  const suppressed = options.suppressed === true;
  for (const reply of replies) {
    // Each applicant notification is sent once per request, whatever asks for it again.
    if (links.requestId !== null && APPLICANT_NOTIFICATION_KINDS.has(reply.kind)) {
      const told = await tx.reply.findFirst({ where: { requestId: links.requestId, kind: replyKinds.stored(reply.kind), recipient: reply.recipient }, select: { id: true } });
      if (told) continue;
    }
    const row = await tx.reply.create({
      data: {
        messageId: reply.messageId,
        kind: replyKinds.stored(reply.kind),
        recipient: reply.recipient,
        subject: reply.subject,
        text: reply.text,
        html: reply.html,
        inReplyTo: reply.inReplyTo,
        references: reply.references.join(" "),
        decisionId: links.decisionId,
        inboundId: links.inboundId,
        requestId: links.requestId,
        alertId: links.alertId ?? null,
        createdAt: at,
        ...(suppressed ? { status: replyStatuses.stored("suppressed"), lastError: SUPPRESSED_BY_CAP } : {}),
      },
      select: { id: true, status: true },
    });
    const toState = replyStatuses.domain(row.status);
    await audit(tx, { at, subjectType: "reply", subjectId: row.id, event: suppressed ? "suppressed" : "queued", toState, detail: reply.kind });
  }
}

export interface ReplyToDeliver {
  readonly id: number;
  readonly messageId: string;
  readonly kind: ReplyKind;
  readonly recipient: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly inReplyTo: string | null;
  readonly references: readonly string[];
  /** "sending": an earlier attempt was cut short, or its outcome is unknown; look it up before trying again. */
  readonly status: "pending" | "sending";
  readonly attempts: number;
  /** Null for a health alert, which follows no decision and answers no message. */
  readonly decisionId: number | null;
  readonly inboundId: number | null;
  readonly requestId: number | null;
  readonly reference: string | null;
}

const DELIVERABLE = { request: { select: { reference: true } } } satisfies Prisma.ReplyInclude;
type DeliverableRow = Prisma.ReplyGetPayload<{ include: typeof DELIVERABLE }>;

function replyToDeliver(row: DeliverableRow): ReplyToDeliver {
  const status = replyStatuses.domain(row.status);
  if (status !== "pending" && status !== "sending") throw new Error(`reply ${row.id} is ${status}, not waiting to be delivered`);
  return {
    id: row.id,
    messageId: row.messageId,
    kind: replyKinds.domain(row.kind),
    recipient: row.recipient,
    subject: row.subject,
    text: row.text,
    html: row.html,
    inReplyTo: row.inReplyTo,
    references: row.references ? row.references.split(" ").filter(Boolean) : [],
    status,
    attempts: row.attempts,
    decisionId: row.decisionId,
    inboundId: row.inboundId,
    requestId: row.requestId,
    reference: row.request?.reference ?? null,
  };
}

/**
 * Replies recorded but not yet delivered whose time has come, oldest first: pending ones, and
 * those left "sending" by an attempt that was cut short once its claim has run out.
 */
export async function repliesToDeliver(db: Records, now: Date, limit = 500): Promise<ReplyToDeliver[]> {
  const rows = await db.reply.findMany({
    where: {
      status: { in: [replyStatuses.stored("pending"), replyStatuses.stored("sending")] },
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
    },
    orderBy: { id: "asc" },
    take: limit,
    include: DELIVERABLE,
  });
  return rows.map(replyToDeliver);
}

/**
 * Marks an attempt under way before the outbox is asked: the reply is "sending", one more
 * attempt is counted, and it is not looked at again before `retryAt`. Should the process die
 * before the outcome is recorded, the reply is found "sending" after `retryAt` and its fate
 * looked up before any retry. False when another process claimed the reply first.
 */
export async function claimReply(db: Database, reply: ReplyToDeliver, retryAt: Date): Promise<boolean> {
  const { count } = await db.reply.updateMany({
    where: { id: reply.id, status: replyStatuses.stored(reply.status), attempts: reply.attempts },
    data: { status: replyStatuses.stored("sending"), attempts: { increment: 1 }, nextAttemptAt: retryAt },
  });
  return count === 1;
}

/** How it is known that the reply left: the outbox took it, or its record showed it after an attempt was cut short. */
export type SentEvidence = "accepted" | "found-after-interruption";

export async function markReplySent(db: Database, replyId: number, at: Date, evidence: SentEvidence = "accepted"): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { status: replyStatuses.stored("sent"), sentAt: at, nextAttemptAt: null } });
    await audit(tx, { at, subjectType: "reply", subjectId: replyId, event: "sent", fromState: "sending", toState: "sent", detail: evidence });
  });
}

/** A temporary failure before the mail left: the reply is pending again and not tried before `retryAt`. */
export async function markReplyDeferred(db: Database, replyId: number, error: string, retryAt: Date, at: Date): Promise<void> {
  const lastError = error.slice(0, 500);
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { status: replyStatuses.stored("pending"), lastError, nextAttemptAt: retryAt } });
    await audit(tx, { at, subjectType: "reply", subjectId: replyId, event: "delivery-deferred", fromState: "sending", toState: "pending", detail: lastError });
  });
}

/**
 * An attempt whose outcome is not known (the connection failed after the mail may have left,
 * or its record could not be read): the reply stays "sending" and its fate is looked up
 * again, not before the time its claim set.
 */
export async function markReplyUnconfirmed(db: Database, replyId: number, error: string, at: Date): Promise<void> {
  const lastError = error.slice(0, 500);
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: replyId }, data: { lastError } });
    await audit(tx, { at, subjectType: "reply", subjectId: replyId, event: "delivery-unconfirmed", detail: lastError });
  });
}

/**
 * The reply will never be delivered: it is marked failed, its request is marked for the
 * support team's attention, and a notice to the support team is queued in the same
 * transaction (none for a failed notice itself, or failures would feed each other).
 */
export async function markReplyFailed(db: Database, reply: ReplyToDeliver, error: string, notice: ComposedReply | null, at: Date): Promise<void> {
  const lastError = error.slice(0, 500);
  await db.$transaction(async (tx) => {
    await tx.reply.update({ where: { id: reply.id }, data: { status: replyStatuses.stored("failed"), lastError, nextAttemptAt: null } });
    await audit(tx, { at, subjectType: "reply", subjectId: reply.id, event: "delivery-failed", fromState: "sending", toState: "failed", detail: lastError });
    if (reply.requestId !== null) {
      await markRequestForAttention(tx, reply.requestId, `${reply.kind} undeliverable`, "notification-undeliverable", at);
    }
    if (notice) await queueReplies(tx, [notice], { decisionId: reply.decisionId, inboundId: reply.inboundId, requestId: reply.requestId }, at);
  });
}

/** The first of these Message-IDs that is a reply we recorded, with its request's reference. */
export async function findSentReply(
  db: Records,
  messageIds: readonly string[],
): Promise<{ readonly replyId: number; readonly reference: string | null } | null> {
  if (messageIds.length === 0) return null;
  const reply = await db.reply.findFirst({
    where: { messageId: { in: [...messageIds] } },
    orderBy: { id: "asc" },
    select: { id: true, request: { select: { reference: true } } },
  });
  return reply ? { replyId: reply.id, reference: reply.request?.reference ?? null } : null;
}

/** Answers (the kinds the daily cap counts) recorded for each of these recipients since a moment, suppressed ones aside. */
export async function countRecentAnswers(db: Records, recipients: readonly string[], since: Date): Promise<Map<string, number>> {
  if (recipients.length === 0) return new Map();
  const rows = await db.reply.groupBy({
    by: ["recipient"],
    where: {
      recipient: { in: [...new Set(recipients)] },
      createdAt: { gte: since },
      kind: { in: ANSWER_KINDS.map(replyKinds.stored) },
      status: { not: replyStatuses.stored("suppressed") },
    },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.recipient, row._count._all]));
}

export interface OutboxState {
  /** Waiting for their first attempt. */
  readonly pending: number;
  /** Tried, refused for now, waiting to be tried again. */
  readonly deferred: number;
  /**
   * An attempt whose outcome is not known yet: under way now, or cut short (a crash, a dropped
   * connection) and to be looked up in the outbox's record before any retry.
   */
  readonly unconfirmed: number;
  /** Given up on, among the replies recorded in the last 24 hours. */
  readonly failed: number;
  /** When the oldest deferred or unconfirmed reply was recorded. */
  readonly oldestDeferredAt: Date | null;
}

/** How the replies waiting to leave stand now. */
export async function outboxState(db: Records, now: Date): Promise<OutboxState> {
  const pending = replyStatuses.stored("pending");
  const sending = replyStatuses.stored("sending");
  const failed = replyStatuses.stored("failed");
  const [pendingCount, deferred, unconfirmed, failedCount, oldest] = await Promise.all([
    db.reply.count({ where: { status: pending, attempts: 0 } }),
    db.reply.count({ where: { status: pending, attempts: { gt: 0 } } }),
    db.reply.count({ where: { status: sending } }),
    db.reply.count({ where: { status: failed, createdAt: { gte: new Date(now.getTime() - DAY_MS) } } }),
    db.reply.findFirst({
      where: { OR: [{ status: pending, attempts: { gt: 0 } }, { status: sending }] },
      orderBy: { id: "asc" },
      select: { createdAt: true },
    }),
  ]);
  return { pending: pendingCount, deferred, unconfirmed, failed: failedCount, oldestDeferredAt: oldest?.createdAt ?? null };
}
