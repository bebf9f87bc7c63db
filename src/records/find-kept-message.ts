import { requestStatusOf, type RequestStatus } from "../requests/request-status.ts";
import type { Records } from "./database.ts";
import { keptSource, keptSourceMessageIds } from "./message-source.ts";

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
    include: { decisions: { orderBy: { id: "desc" }, take: 1, include: { request: true } } },
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
    request: request ? { id: request.id, reference: request.reference, status: requestStatusOf(request.status) } : null,
  };
}

/** Message-IDs of every message kept for judging again, oldest first. */
export async function listKeptMessageIds(db: Records): Promise<string[]> {
  const messages = await db.message.findMany({
    where: { id: { in: await keptSourceMessageIds(db) } },
    select: { messageId: true },
    orderBy: { id: "asc" },
  });
  return messages.map((m) => m.messageId);
}
