// The one SQLite connection is shared by everything in a process (in `intake run`, a pass and
// the health monitor): a statement made outside a transaction must never run inside another
// caller's open one.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/records/database.ts";

let dir: string;
let db: Database;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "intake-db-"));
  db = await openDatabase(path.join(dir, "intake.db"));
});

afterEach(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

/** A transaction that writes one pass, then waits for `release` before rolling back. */
function transactionHeldOpen(): { opened: Promise<void>; release: () => void; ended: Promise<unknown> } {
  let opened!: () => void;
  let release!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const ended = db
    .$transaction(
      async (tx) => {
        await tx.intakePass.create({ data: { startedAt: new Date("2026-11-26T10:00:00Z") } });
        opened();
        await released;
        throw new Error("rolled back on purpose");
      },
      { timeout: 30_000 },
    )
    .catch((error: unknown) => error);
  return { opened: isOpen, release, ended };
}

describe("one connection shared in a process", () => {
  it("statements outside a transaction wait for the open one: they neither see its rows nor roll back with it", async () => {
    const pass = await db.intakePass.create({ data: { startedAt: new Date("2026-11-26T09:00:00Z") } });
    const outside = [
      () => db.intakePass.update({ where: { id: pass.id }, data: { backlog: 8 } }),
      () => db.intakePass.count(),
      () => db.intakePass.create({ data: { startedAt: new Date("2026-11-26T11:00:00Z") } }),
    ];
    const results: unknown[] = [];
    for (const statement of outside) {
      const held = transactionHeldOpen();
      await held.opened;
      let done = false;
      const result = statement().then((value) => ((done = true), value));
      await sleep(200); // time enough to reach the connection, were it let through
      expect(done).toBe(false);
      held.release();
      expect(await held.ended).toMatchObject({ message: "rolled back on purpose" });
      results.push(await result);
    }
    expect(results[1]).toBe(1); // the held transaction's row was never counted
    const passes = await db.intakePass.findMany({ orderBy: { startedAt: "asc" }, select: { startedAt: true, backlog: true } });
    expect(passes.map((row) => [row.startedAt.toISOString(), row.backlog])).toEqual([
      ["2026-11-26T09:00:00.000Z", 8],
      ["2026-11-26T11:00:00.000Z", null],
    ]);
  });

  it("transactions and plain statements from many callers all complete", async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        index % 2 === 0
          ? db.$transaction(async (tx) => tx.intakePass.create({ data: { startedAt: new Date(index * 1000) } }))
          : db.intakePass.create({ data: { startedAt: new Date(index * 1000) } }),
      ),
    );
    expect(await db.intakePass.count()).toBe(50);
  });
});
