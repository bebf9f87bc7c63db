// Signed-in sessions of the console, kept on the server: the cookie holds only the id, so
// signing out, a disabled account or the end of a session's time ends it here for good.
import type { ConsoleRole } from "../staff/roles.ts";
import type { Records } from "./database.ts";

export type SignInRoute = "local" | "oidc";

export interface ConsoleSessionRow {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: ConsoleRole;
  readonly via: SignInRoute;
  readonly startedAt: Date;
  readonly lastSeenAt: Date;
  readonly endedAt: Date | null;
}

export async function startConsoleSession(db: Records, session: Omit<ConsoleSessionRow, "lastSeenAt" | "endedAt">): Promise<void> {
  await db.consoleSession.create({ data: { ...session, lastSeenAt: session.startedAt } });
}

export async function findConsoleSession(db: Records, id: string): Promise<ConsoleSessionRow | null> {
  const row = await db.consoleSession.findUnique({ where: { id } });
  if (!row) return null;
  return { ...row, role: row.role === "admin" ? "admin" : "agent", via: row.via === "oidc" ? "oidc" : "local" };
}

export async function touchConsoleSession(db: Records, id: string, at: Date): Promise<void> {
  await db.consoleSession.updateMany({ where: { id, endedAt: null }, data: { lastSeenAt: at } });
}

export async function endConsoleSession(db: Records, id: string, at: Date): Promise<void> {
  await db.consoleSession.updateMany({ where: { id, endedAt: null }, data: { endedAt: at } });
}

/** Ends every session of a person (their account disabled, or its role changed). */
export async function endConsoleSessionsOf(db: Records, email: string, at: Date): Promise<number> {
  const { count } = await db.consoleSession.updateMany({ where: { email, endedAt: null }, data: { endedAt: at } });
  return count;
}
