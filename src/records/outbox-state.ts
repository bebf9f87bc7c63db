import type { Records } from "./database.ts";

export interface OutboxState {
  /** Waiting for their first attempt. */
  readonly pending: number;
  /** Tried, refused for now, waiting to be tried again. */
  readonly deferred: number;
  /** Given up on, among the replies recorded in the last 24 hours. */
  readonly failed: number;
  /** When the oldest deferred reply was recorded. */
  readonly oldestDeferredAt: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How the replies waiting to leave stand now. */
export async function outboxState(db: Records, now: Date): Promise<OutboxState> {
  const [pending, deferred, failed, oldest] = await Promise.all([
    db.reply.count({ where: { status: "pending", attempts: 0 } }),
    db.reply.count({ where: { status: "pending", attempts: { gt: 0 } } }),
    db.reply.count({ where: { status: "failed", createdAt: { gte: new Date(now.getTime() - DAY_MS) } } }),
    db.reply.findFirst({ where: { status: "pending", attempts: { gt: 0 } }, orderBy: { id: "asc" }, select: { createdAt: true } }),
  ]);
  return { pending, deferred, failed, oldestDeferredAt: oldest?.createdAt ?? null };
}
