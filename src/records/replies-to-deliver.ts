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
  readonly attempts: number;
}

/** Replies recorded but not yet delivered, oldest first. */
export async function repliesToDeliver(db: Records, limit = 500): Promise<ReplyToDeliver[]> {
  const rows = await db.reply.findMany({ where: { status: "pending" }, orderBy: { id: "asc" }, take: limit });
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
    attempts: row.attempts,
  }));
}
