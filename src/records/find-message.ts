import type { Outcome } from "../rules/reasons.ts";
import type { Records } from "./database.ts";

export interface KnownMessage {
  readonly id: number;
  readonly messageId: string;
  /** Outcome of the latest decision; null when none was recorded. */
  readonly outcome: Outcome | null;
  readonly contentHash: string;
}

/** A message already taken in, by its Message-ID (a crash before its move, or a second copy). */
export async function findMessage(db: Records, messageId: string): Promise<KnownMessage | null> {
  const row = await db.message.findUnique({
    where: { messageId },
    select: { id: true, messageId: true, contentHash: true, decisions: { orderBy: { id: "desc" }, take: 1, select: { outcome: true } } },
  });
  if (!row) return null;
  return { id: row.id, messageId: row.messageId, contentHash: row.contentHash, outcome: (row.decisions[0]?.outcome as Outcome | undefined) ?? null };
}
