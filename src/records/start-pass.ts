import type { Database } from "./database.ts";

/** Records that an intake pass has begun; returns its id. */
export async function startPass(db: Database, startedAt: Date): Promise<number> {
  return (await db.intakePass.create({ data: { startedAt }, select: { id: true } })).id;
}
