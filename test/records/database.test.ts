// The one SQLite connection is shared by everything in a process (in `intake run`, a pass and
// the health monitor): a statement made outside a transaction must never run inside another
// caller's open one. The file is shared by processes: their transactions wait for each other.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
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

// The file is shared by processes too: the running intake, the console and an agent's command.
describe("one database file shared by several processes", () => {
  it("transactions that read, then write, in three processes at once all commit: each waits its turn instead of failing with SQLITE_BUSY", async () => {
    const databasePath = path.join(dir, "intake.db");
    const script = path.join(dir, "read-then-write.ts");
    const database = pathToFileURL(path.resolve(import.meta.dirname, "../../src/records/database.ts")).href;
    writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(database)};
const db = await openDatabase(${JSON.stringify(databasePath)});
let failed = 0;
for (let n = 0; n < 15; n++) {
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.intakePass.count();
      await new Promise((resolve) => setTimeout(resolve, 10));
      await tx.intakePass.create({ data: { startedAt: new Date(before * 1000) } });
    }, { timeout: 60000, maxWait: 60000 });
  } catch (error) {
    failed++;
    console.error(String(error).split("\\n").filter(Boolean).at(-1));
  }
}
await db.$disconnect();
process.exitCode = failed === 0 ? 0 : 1;
`,
    );
    const run = (): Promise<{ code: number | null; stderr: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [script], { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([run(), run(), run()]);
    expect(results).toEqual([0, 1, 2].map(() => ({ code: 0, stderr: "" })));
    expect(await db.intakePass.count()).toBe(45);
  });
});
