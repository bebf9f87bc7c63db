import type { Records } from "./database.ts";

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
