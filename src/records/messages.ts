// Messages taken in from the mailbox: recording one, finding one again by its Message-ID, the
// list with each one's latest decision, and how the latest forms' senders were proven.
import type { Outcome, ReasonCode } from "../rules/reasons.ts";
import type { SenderProof } from "../rules/sender-proof.ts";
import { audit } from "./audit.ts";
import { evidencePaths, orNull, outcomes, reasonCodes } from "./closed-sets.ts";
import type { Records, Transaction } from "./database.ts";
import type { Prisma } from "./generated/client.ts";

export interface InboundMessage {
  readonly messageId: string;
  readonly contentHash: string;
  readonly mailboxKey: string;
  readonly sizeBytes: number;
  readonly fromAddress: string | null;
  readonly subject: string | null;
}

/** Records a message as received at `at`, inside the transaction of its decision; returns its row id. */
export async function recordMessage(tx: Transaction, message: InboundMessage, at: Date): Promise<number> {
  const row = await tx.message.create({ data: { ...message, receivedAt: at }, select: { id: true } });
  await audit(tx, { at, subjectType: "message", subjectId: row.id, event: "received" });
  return row.id;
}

export interface KnownMessage {
  readonly id: number;
  readonly messageId: string;
  /** Outcome of the latest decision; null when none was recorded. */
  readonly outcome: Outcome | null;
  readonly contentHash: string;
}

/** A message already taken in, by its Message-ID (a crash before its move, or a second copy). */
export async function findMessage(db: Records, messageId: string): Promise<KnownMessage | null> {
  const row = await db.message.findUnique({
    where: { messageId },
    select: { id: true, messageId: true, contentHash: true, decisions: { orderBy: { id: "desc" }, take: 1, select: { outcome: true } } },
  });
  if (!row) return null;
  return { id: row.id, messageId: row.messageId, contentHash: row.contentHash, outcome: orNull(row.decisions[0]?.outcome ?? null, outcomes.domain) };
}

export interface MessageSummary {
  readonly messageId: string;
  readonly receivedAt: string;
  readonly fromAddress: string | null;
  readonly outcome: Outcome | null;
  readonly reasons: ReasonCode[];
  /** The evidence path that proved the sender (dkim, authentication-results, arc, exchange-organisation); null: none did. */
  readonly senderProof: SenderProof | null;
  readonly requestReference: string | null;
}

const MESSAGE_SUMMARY = {
  decisions: {
    orderBy: { id: "desc" },
    take: 1,
    select: { outcome: true, senderProof: true, findings: { orderBy: { id: "asc" }, select: { code: true } }, request: { select: { reference: true } } },
  },
} satisfies Prisma.MessageInclude;
type MessageSummaryRow = Prisma.MessageGetPayload<{ include: typeof MESSAGE_SUMMARY }>;

function messageSummary(row: MessageSummaryRow): MessageSummary {
  const decision = row.decisions[0];
  return {
    messageId: row.messageId,
    receivedAt: row.receivedAt.toISOString(),
    fromAddress: row.fromAddress,
    outcome: decision ? outcomes.domain(decision.outcome) : null,
    reasons: decision ? decision.findings.map((f) => reasonCodes.domain(f.code)) : [],
    senderProof: orNull(decision?.senderProof ?? null, evidencePaths.domain),
    requestReference: decision?.request?.reference ?? null,
  };
}

/** Every message taken in, oldest first, with its latest decision. */
export async function listMessages(db: Records): Promise<MessageSummary[]> {
  const rows = await db.message.findMany({ orderBy: { id: "asc" }, include: MESSAGE_SUMMARY });
  return rows.map(messageSummary);
}

export interface RecentFormSenders {
  /** The latest messages that look like forms from those domains, newest first: at most the number asked for. */
  readonly forms: number;
  /** How many of them were SENDER_UNVERIFIED at their latest decision. */
  readonly unverified: number;
  /** The newest of them: the one to explain. */
  readonly newestMessageId: string | null;
}

// Decisions of messages that carried no form to judge, or were not judged at all.
const NOT_A_FORM = (["FORM_MISSING", "MESSAGE_TOO_LARGE", "MESSAGE_UNREADABLE", "PROCESSING_FAILED"] as const satisfies readonly ReasonCode[]).map(reasonCodes.stored);
/** Only this many of the newest messages are looked through. */
const SCAN_LIMIT = 1000;

/**
 * Whether the latest forms from the domains senders must write from were proven: when none of
 * them was, an evidence path is most likely missing (`intake status` warns). Bounded to the
 * newest messages, so that asking after every pass stays cheap.
 */
export async function recentFormSenders(db: Records, domains: readonly string[], count: number): Promise<RecentFormSenders> {
  const none: RecentFormSenders = { forms: 0, unverified: 0, newestMessageId: null };
  if (count <= 0 || domains.length === 0) return none;
  const newest = await db.message.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  if (!newest) return none;
  const rows = await db.message.findMany({
    where: {
      id: { gt: newest.id - SCAN_LIMIT },
      OR: domains.map((domain) => ({ fromAddress: { endsWith: `@${domain}` } })),
      decisions: { some: {}, none: { OR: [{ outcome: outcomes.stored("ignored") }, { findings: { some: { code: { in: NOT_A_FORM } } } }] } },
    },
    orderBy: { id: "desc" },
    take: count,
    select: {
      messageId: true,
      decisions: {
        orderBy: { id: "desc" },
        take: 1,
        select: { findings: { where: { code: reasonCodes.stored("SENDER_UNVERIFIED") }, select: { id: true } } },
      },
    },
  });
  return {
    forms: rows.length,
    unverified: rows.filter((row) => (row.decisions[0]?.findings.length ?? 0) > 0).length,
    newestMessageId: rows[0]?.messageId ?? null,
  };
}
