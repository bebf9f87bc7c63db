// The console's local accounts (used when no OpenID Connect provider is configured): one row
// per person, never deleted, disabled when they leave. Times come from the caller's clock.
import type { ConsoleRole } from "../staff/roles.ts";
import type { Records } from "./database.ts";

export interface ConsoleUser {
  readonly email: string;
  readonly role: ConsoleRole;
  readonly passwordHash: string;
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

const asUser = (row: { email: string; role: string; passwordHash: string; createdAt: Date; disabledAt: Date | null }): ConsoleUser => ({
  email: row.email,
  role: row.role === "admin" ? "admin" : "agent",
  passwordHash: row.passwordHash,
  createdAt: row.createdAt,
  disabledAt: row.disabledAt,
});

export async function findConsoleUser(db: Records, email: string): Promise<ConsoleUser | null> {
  const row = await db.consoleUser.findUnique({ where: { email } });
  return row ? asUser(row) : null;
}

export async function listConsoleUsers(db: Records): Promise<ConsoleUser[]> {
  return (await db.consoleUser.findMany({ orderBy: { email: "asc" } })).map(asUser);
}

/** Adds an account; false when one with that address exists already. */
export async function addConsoleUser(db: Records, user: { email: string; role: ConsoleRole; passwordHash: string }, at: Date): Promise<boolean> {
  const existing = await db.consoleUser.findUnique({ where: { email: user.email } });
  if (existing) return false;
  await db.consoleUser.create({ data: { ...user, createdAt: at } });
  return true;
}

/** A new password, role, or both; an account disabled before is enabled again. False when there is none. */
export async function updateConsoleUser(db: Records, email: string, change: { role?: ConsoleRole; passwordHash?: string }): Promise<boolean> {
  const { count } = await db.consoleUser.updateMany({ where: { email }, data: { ...change, disabledAt: null } });
  return count > 0;
}

/** False when there is no such account, or it was disabled already. */
export async function disableConsoleUser(db: Records, email: string, at: Date): Promise<boolean> {
  const { count } = await db.consoleUser.updateMany({ where: { email, disabledAt: null }, data: { disabledAt: at } });
  return count > 0;
}
