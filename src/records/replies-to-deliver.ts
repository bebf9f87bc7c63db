import type { Records } from "./database.ts";

export interface ReplyToDeliver {
  readonly id: number;
  readonly messageId: string;
  readonly kind: string;
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

/**
 * Replies recorded but not yet delivered whose time has come, oldest first: pending ones, and
 * those left "sending" by an attempt that was cut short once its claim has run out.
 */
export async function repliesToDeliver(db: Records, now: Date, limit = 500): Promise<ReplyToDeliver[]> {
  const rows = await db.reply.findMany({
    where: { status: { in: ["pending", "sending"] }, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
    orderBy: { id: "asc" },
    take: limit,
    include: { request: { select: { reference: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    messageId: row.messageId,
    kind: row.kind,
    recipient: row.recipient,
    subject: row.subject,
    text: row.text,
    html: row.html,
    inReplyTo: row.inReplyTo,
    references: row.references ? row.references.split(" ").filter(Boolean) : [],
    status: row.status === "sending" ? "sending" : "pending",
    attempts: row.attempts,
    decisionId: row.decisionId,
    inboundId: row.inboundId,
    requestId: row.requestId,
    reference: row.request?.reference ?? null,
  }));
}
