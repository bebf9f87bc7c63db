// Alerts to the support team that intake is failing: at most one open at a time (the unique
// open slot), raised and resolved each in one transaction with the email that tells of it.
import type { ComposedReply } from "../replies/reply.ts";
import { audit } from "./audit.ts";
import { replyKinds } from "./closed-sets.ts";
import type { Database, Records } from "./database.ts";
import { Prisma } from "./generated/client.ts";
import { queueReplies } from "./replies.ts";

export interface AlertToRaise {
  /** The problem that made intake fail first. */
  readonly kind: string;
  /** Every problem found, one per line. */
  readonly detail: string;
  readonly openedAt: Date;
  /** The email to the support team, queued with the alert. */
  readonly email: ComposedReply;
}

const NO_MESSAGE = { decisionId: null, inboundId: null, requestId: null } as const;

/**
 * Opens an alert and queues its email in one transaction. False when an alert is open
 * already (raised meanwhile by another process): then nothing is written and nothing sent.
 */
export async function raiseAlert(db: Database, alert: AlertToRaise): Promise<boolean> {
  const at = alert.openedAt;
  try {
    await db.$transaction(async (tx) => {
      const row = await tx.alert.create({
        data: { kind: alert.kind, detail: alert.detail, openedAt: at, openSlot: "open", notified: true },
        select: { id: true },
      });
      await audit(tx, { at, subjectType: "alert", subjectId: row.id, event: "raised", toState: "open", detail: alert.kind });
      await queueReplies(tx, [alert.email], { ...NO_MESSAGE, alertId: row.id }, at);
    });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}

/** Marks the open alert resolved and queues the recovery notice with it, in one transaction. */
export async function resolveAlert(db: Database, alertId: number, at: Date, email: ComposedReply | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const resolved = await tx.alert.updateMany({ where: { id: alertId, resolvedAt: null }, data: { resolvedAt: at, openSlot: null } });
    if (resolved.count === 0) return; // resolved meanwhile by another process
    await audit(tx, { at, subjectType: "alert", subjectId: alertId, event: "resolved", fromState: "open", toState: "resolved" });
    if (email) await queueReplies(tx, [email], { ...NO_MESSAGE, alertId }, at);
  });
}

export interface OpenAlert {
  readonly id: number;
  readonly kind: string;
  readonly openedAt: Date;
  readonly notified: boolean;
  /** Message-ID of the alert email, for threading the recovery notice under it. */
  readonly emailMessageId: string | null;
}

/** The alert raised and not yet resolved, if any (there is at most one). */
export async function findOpenAlert(db: Records): Promise<OpenAlert | null> {
  const row = await db.alert.findFirst({
    where: { resolvedAt: null },
    orderBy: { id: "desc" },
    include: { replies: { where: { kind: replyKinds.stored("support-alert") }, select: { messageId: true }, take: 1 } },
  });
  if (!row) return null;
  return { id: row.id, kind: row.kind, openedAt: row.openedAt, notified: row.notified, emailMessageId: row.replies[0]?.messageId ?? null };
}
