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

type AdapterFactory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<AdapterFactory["connect"]>>;
type AdapterTransaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** A queue of one: `acquire()` resolves, with its release, once everyone before has released. */
function oneAtATime(): () => Promise<() => void> {
  let tail = Promise.resolve();
  return () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const turn = tail.then(() => release);
    tail = tail.then(() => released);
    return turn;
  };
}

/**
 * The adapter with one lane for its one connection. The adapter locks only transactions
 * against each other: a statement issued outside a transaction while another caller's is
 * open would run inside it, see its uncommitted rows, and be rolled back with it (the health
 * monitor and a pass share the connection in `intake run`). Here every statement outside a
 * transaction waits for the open one to end, and a transaction holds the lane until its
 * commit or rollback. Inside a transaction, statements go through it, never through `db`.
 */
function oneConnectionAtATime(factory: AdapterFactory): AdapterFactory {
  const acquire = oneAtATime();
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    const release = await acquire();
    try {
      return await work();
    } finally {
      release();
    }
  };
  const laned = (adapter: Adapter): Adapter =>
    new Proxy(adapter, {
      get(target, property, receiver) {
        switch (property) {
          case "queryRaw":
          case "executeRaw":
          case "executeScript":
            return (argument: never) => exclusive(() => (target[property] as (argument: never) => Promise<unknown>).call(target, argument));
          case "startTransaction":
            return async (isolationLevel?: Parameters<Adapter["startTransaction"]>[0]): Promise<AdapterTransaction> => {
              const release = await acquire();
              try {
                const transaction = await target.startTransaction(isolationLevel);
                return endsWith(transaction, release);
              } catch (error) {
                release();
                throw error;
              }
            };
          default:
            return passThrough(target, property, receiver);
        }
      },
    });
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect") return async () => laned(writerFromTheStart(await target.connect()));
      return passThrough(target, property, receiver);
    },
  });
}

/**
 * Transactions that take the database's write lock when they begin (BEGIN IMMEDIATE), not at
 * their first write. Several processes share the file (the running intake, the console, an
 * agent's command): a transaction begun as a reader that then writes, after another process
 * wrote meanwhile, fails at once with SQLITE_BUSY, without waiting (its snapshot is stale).
 * Begun as a writer, it waits its turn (the busy timeout) and then sees the latest data. The
 * adapter issues a plain BEGIN through its better-sqlite3 connection; that one statement is
 * asked for as BEGIN IMMEDIATE instead.
 */
function writerFromTheStart(adapter: Adapter): Adapter {
  const connection = (adapter as unknown as { client?: { prepare?: (sql: string) => unknown } }).client;
  const prepare = connection?.prepare;
  if (!connection || typeof prepare !== "function") throw new Error("the SQLite adapter no longer exposes its connection: BEGIN IMMEDIATE cannot be asked for");
  connection.prepare = (sql: string) => prepare.call(connection, sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
  return adapter;
}

/** The transaction, releasing the lane once it is committed or rolled back. */
function endsWith(transaction: AdapterTransaction, release: () => void): AdapterTransaction {
  return new Proxy(transaction, {
    get(target, property, receiver) {
      if (property === "commit" || property === "rollback") {
        return async () => {
          try {
            await target[property]();
          } finally {
            release();
          }
        };
      }
      return passThrough(target, property, receiver);
    },
  });
}

/** What the proxies leave alone, with methods bound to the real object (they use private fields). */
function passThrough(target: object, property: string | symbol, receiver: unknown): unknown {
  const value: unknown = Reflect.get(target, property, receiver);
  return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
}

export async function openDatabase(databasePath: string): Promise<Database> {
  mkdirSync(path.dirname(databasePath), { recursive: true });
  applyMigrations(databasePath);
  const db = new PrismaClient({
    adapter: oneConnectionAtATime(new PrismaBetterSQLite3({ url: `file:${databasePath}`, timeout: 10_000 })),
  });
  await db.$connect();
  return db;
}
