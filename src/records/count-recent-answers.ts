import { ANSWER_KINDS } from "../replies/reply.ts";
import type { Records } from "./database.ts";

/** Answers (the kinds the daily cap counts) recorded for each of these recipients since a moment, suppressed ones aside. */
export async function countRecentAnswers(db: Records, recipients: readonly string[], since: Date): Promise<Map<string, number>> {
  if (recipients.length === 0) return new Map();
  const rows = await db.reply.groupBy({
    by: ["recipient"],
    where: { recipient: { in: [...new Set(recipients)] }, createdAt: { gte: since }, kind: { in: [...ANSWER_KINDS] }, status: { not: "suppressed" } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.recipient, row._count._all]));
}
