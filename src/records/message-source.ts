// The raw email of a referred message, kept so that people can have it judged again. The
// database client holds about ten times the size of what it writes while it passes it on (a
// 25 MB message took the intake past 1 GB), so emails are kept in parts of 256 KB and only
// up to KEPT_SOURCE_MAX_BYTES: a genuine form's email is a few hundred KB; a larger one stays
// in the mailbox's Exceptions folder for people to read there.
import type { RequestStatus } from "../requests/request-status.ts";
import { requestStatuses } from "./closed-sets.ts";
import type { Records, Transaction } from "./database.ts";

const PART_BYTES = 256 * 1024;
export const KEPT_SOURCE_MAX_BYTES = 4 * 1024 * 1024;

/** Keeps the email, unless it is larger than KEPT_SOURCE_MAX_BYTES; true when it was kept. */
export async function keepSource(tx: Transaction, inboundId: number, raw: Buffer): Promise<boolean> {
  if (raw.length > KEPT_SOURCE_MAX_BYTES) return false;
  for (let part = 0, at = 0; at < raw.length || part === 0; part++, at += PART_BYTES) {
    await tx.messageSourcePart.create({ data: { inboundId, part, bytes: new Uint8Array(raw.subarray(at, at + PART_BYTES)) } });
  }
  return true;
}

/** The kept email, or null when none is kept. */
async function keptSource(db: Records, inboundId: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  for (let part = 0; ; part++) {
    const row = await db.messageSourcePart.findUnique({ where: { inboundId_part: { inboundId, part } }, select: { bytes: true } });
    if (!row) break;
    parts.push(Buffer.from(row.bytes));
  }
  return parts.length > 0 ? Buffer.concat(parts) : null;
}

export async function dropSource(tx: Transaction, inboundId: number): Promise<void> {
  await tx.messageSourcePart.deleteMany({ where: { inboundId } });
}

export interface KeptMessage {
  readonly id: number;
  readonly messageId: string;
  readonly mailboxKey: string;
  readonly raw: Buffer;
  /** The request of the latest decision, if any. */
  readonly request: { readonly id: number; readonly reference: string; readonly status: RequestStatus } | null;
}

/** A referred message whose raw email was kept so that it can be judged again. */
export async function findKeptMessage(db: Records, messageId: string): Promise<KeptMessage | null> {
  const message = await db.message.findUnique({
    where: { messageId },
    select: {
      id: true,
      messageId: true,
      mailboxKey: true,
      decisions: { orderBy: { id: "desc" }, take: 1, select: { request: { select: { id: true, reference: true, status: true } } } },
    },
  });
  if (!message) return null;
  const raw = await keptSource(db, message.id);
  if (!raw) return null;
  const request = message.decisions[0]?.request ?? null;
  return {
    id: message.id,
    messageId: message.messageId,
    mailboxKey: message.mailboxKey,
    raw,
    request: request ? { id: request.id, reference: request.reference, status: requestStatuses.domain(request.status) } : null,
  };
}

/** Message-IDs of every message kept for judging again, oldest first. */
export async function listKeptMessageIds(db: Records): Promise<string[]> {
  const messages = await db.message.findMany({
    where: { sourceParts: { some: { part: 0 } } },
    select: { messageId: true },
    orderBy: { id: "asc" },
  });
  return messages.map((m) => m.messageId);
}
