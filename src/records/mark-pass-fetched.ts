import type { Database } from "./database.ts";

/** The pass listed the inbox: the fetch succeeded, and this many messages were waiting. */
export async function markPassFetched(db: Database, passId: number, at: Date, backlog: number): Promise<void> {
  await db.intakePass.update({ where: { id: passId }, data: { fetchedAt: at, backlog } });
}
