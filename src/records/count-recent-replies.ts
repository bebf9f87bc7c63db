import { SUPPORT_REPLY_KINDS } from "../replies/reply.ts";
import type { Records } from "./database.ts";

/** Automatic replies recorded for each of these recipients since a moment (mail to the support team aside). */
export async function countRecentReplies(db: Records, recipients: readonly string[], since: Date): Promise<Map<string, number>> {
  if (recipients.length === 0) return new Map();
  const rows = await db.reply.groupBy({
    by: ["recipient"],
    where: { recipient: { in: [...new Set(recipients)] }, createdAt: { gte: since }, kind: { notIn: [...SUPPORT_REPLY_KINDS] } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.recipient, row._count._all]));
}
