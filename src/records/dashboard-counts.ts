// Counts for the console's dashboard: the messages of a period by the outcome of their latest
// decision (with the time each arrived, for the caller to put into days), and the replies
// waiting to be sent or failed.
import { orNull, outcomes, replyStatuses } from "./closed-sets.ts";
import type { Records } from "./database.ts";

export interface ArrivedMessage {
  readonly receivedAt: Date;
  /** The outcome of its latest decision; null when it was never decided. */
  readonly outcome: string | null;
}

export async function messagesSince(db: Records, since: Date): Promise<ArrivedMessage[]> {
  const rows = await db.message.findMany({
    where: { receivedAt: { gte: since } },
    select: { receivedAt: true, decisions: { orderBy: { id: "desc" }, take: 1, select: { outcome: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({ receivedAt: row.receivedAt, outcome: orNull(row.decisions[0]?.outcome ?? null, outcomes.domain) }));
}

export interface ReplyCounts {
  /** Not yet sent: pending, or an attempt under way or cut short. */
  readonly waiting: number;
  /** When the oldest of them was made, or null. */
  readonly oldestWaitingAt: Date | null;
  /** Failed for good, created since `since`. */
  readonly failed: number;
}

export async function replyCounts(db: Records, since: Date): Promise<ReplyCounts> {
  const waitingWhere = { status: { in: (["pending", "sending"] as const).map(replyStatuses.stored) } };
  const [waiting, oldest, failed] = await Promise.all([
    db.reply.count({ where: waitingWhere }),
    db.reply.findFirst({ where: waitingWhere, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.reply.count({ where: { status: replyStatuses.stored("failed"), createdAt: { gte: since } } }),
  ]);
  return { waiting, oldestWaitingAt: oldest?.createdAt ?? null, failed };
}
