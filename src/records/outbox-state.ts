import type { Records } from "./database.ts";
import { DAY_MS } from "./day.ts";

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
  const [pending, deferred, unconfirmed, failed, oldest] = await Promise.all([
    db.reply.count({ where: { status: "pending", attempts: 0 } }),
    db.reply.count({ where: { status: "pending", attempts: { gt: 0 } } }),
    db.reply.count({ where: { status: "sending" } }),
    db.reply.count({ where: { status: "failed", createdAt: { gte: new Date(now.getTime() - DAY_MS) } } }),
    db.reply.findFirst({
      where: { OR: [{ status: "pending", attempts: { gt: 0 } }, { status: "sending" }] },
      orderBy: { id: "asc" },
      select: { createdAt: true },
    }),
  ]);
  return { pending, deferred, unconfirmed, failed, oldestDeferredAt: oldest?.createdAt ?? null };
}
