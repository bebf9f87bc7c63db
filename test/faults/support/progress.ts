// Watching a running intake from outside, to strike at a chosen stage: how many messages it
// has recorded so far (its SQLite file, read-only, beside the writer), or any condition.
import { setTimeout as sleep } from "node:timers/promises";
import Database from "better-sqlite3";
import { loadConfig } from "../../../src/config/config.ts";
import type { MailRig } from "../../support/mail-rig.ts";

/** Messages recorded in the intake's database so far. */
export function recordedMessages(rig: MailRig): number {
  const db = new Database(loadConfig(rig.env).databasePath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "Message"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Resolves once `condition` holds, checking every `everyMs`; rejects after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(everyMs);
  }
}
