// Messages whose handling has started and not yet ended: a start that outlives its process
// (a crash, an OOM kill) counts as an attempt cut short, so a poison message is set aside.
import type { Records } from "./database.ts";

/**
 * Counts one more start of handling the message at `mailboxKey`, and returns how many starts
 * there have been since handling last ended: 1 on the first; more when earlier ones were cut
 * short by the end of the process.
 */
export async function startInboxAttempt(db: Records, mailboxKey: string, at: Date): Promise<number> {
  const row = await db.inboxAttempt.upsert({
    where: { mailboxKey },
    create: { mailboxKey, attempts: 1, lastStartedAt: at },
    update: { attempts: { increment: 1 }, lastStartedAt: at },
  });
  return row.attempts;
}

/** Handling the message ended (decided, referred, or stopped by a mailbox failure): no attempt is outstanding. */
export async function endInboxAttempt(db: Records, mailboxKey: string): Promise<void> {
  await db.inboxAttempt.deleteMany({ where: { mailboxKey } });
}
