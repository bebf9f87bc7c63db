import type { Database } from "./database.ts";

// Writes go through a transaction: the database has one connection, and a write outside one
// would join (and could be rolled back with) a transaction another caller has open.

/** Records that an intake pass has begun; returns its id. */
export async function startPass(db: Database, startedAt: Date): Promise<number> {
  return db.$transaction(async (tx) => (await tx.intakePass.create({ data: { startedAt }, select: { id: true } })).id);
}
