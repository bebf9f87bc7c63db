// The raw email of a referred message, kept so that people can have it judged again. The
// database client holds about ten times the size of what it writes while it passes it on (a
// 25 MB message took the intake past 1 GB), so emails are kept in parts of 256 KB and only
// up to KEPT_SOURCE_MAX_BYTES: a genuine form's email is a few hundred KB; a larger one stays
// in the mailbox's Exceptions folder for people to read there.
import type { Records, Transaction } from "./database.ts";

const PART_BYTES = 256 * 1024;
export const KEPT_SOURCE_MAX_BYTES = 4 * 1024 * 1024;

/** Keeps the email, unless it is larger than KEPT_SOURCE_MAX_BYTES; true when it was kept. */
export async function keepSource(tx: Transaction, messageRowId: number, raw: Buffer): Promise<boolean> {
  if (raw.length > KEPT_SOURCE_MAX_BYTES) return false;
  for (let part = 0, at = 0; at < raw.length || part === 0; part++, at += PART_BYTES) {
    await tx.messageSourcePart.create({ data: { messageId: messageRowId, part, bytes: new Uint8Array(raw.subarray(at, at + PART_BYTES)) } });
  }
  return true;
}

/** The kept email, or null when none is kept. */
export async function keptSource(db: Records, messageRowId: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  for (let part = 0; ; part++) {
    const row = await db.messageSourcePart.findUnique({ where: { messageId_part: { messageId: messageRowId, part } }, select: { bytes: true } });
    if (!row) break;
    parts.push(Buffer.from(row.bytes));
  }
  return parts.length > 0 ? Buffer.concat(parts) : null;
}

export async function dropSource(tx: Transaction, messageRowId: number): Promise<void> {
  await tx.messageSourcePart.deleteMany({ where: { messageId: messageRowId } });
}

/** Row ids of the messages whose email is kept, oldest first. */
export async function keptSourceMessageIds(db: Records): Promise<number[]> {
  const rows = await db.messageSourcePart.findMany({ where: { part: 0 }, select: { messageId: true }, orderBy: { messageId: "asc" } });
  return rows.map((row) => row.messageId);
}
