// Opens the intake database: applies migrations, then hands out a Prisma client on the
// better-sqlite3 driver adapter. Owns: the database file. Called by: intake, cli.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client.ts";
import { applyMigrations } from "./migrate.ts";

export type Database = PrismaClient;
/** The client inside `db.$transaction(async (tx) => ...)`. */
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
/** Either a client or an open transaction: record functions accept both. */
export type Records = Database | Transaction;

export async function openDatabase(databasePath: string): Promise<Database> {
  mkdirSync(path.dirname(databasePath), { recursive: true });
  applyMigrations(databasePath);
  const db = new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: `file:${databasePath}`, timeout: 10_000 }),
  });
  await db.$connect();
  return db;
}
