// Whether the latest forms from the domains senders must write from were proven: when none
// of them was, an evidence path is most likely missing (`intake status` warns). Bounded to
// the newest messages, so that asking after every pass stays cheap.
import type { Records } from "./database.ts";

export interface RecentFormSenders {
  /** The latest messages that look like forms from those domains, newest first: at most the number asked for. */
  readonly forms: number;
  /** How many of them were SENDER_UNVERIFIED at their latest decision. */
  readonly unverified: number;
  /** The newest of them: the one to explain. */
  readonly newestMessageId: string | null;
}

// Decisions of messages that carried no form to judge, or were not judged at all.
const NOT_A_FORM = ["FORM_MISSING", "MESSAGE_TOO_LARGE", "MESSAGE_UNREADABLE", "PROCESSING_FAILED"];
/** Only this many of the newest messages are looked through. */
const SCAN_LIMIT = 1000;

export async function recentFormSenders(db: Records, domains: readonly string[], count: number): Promise<RecentFormSenders> {
  const none: RecentFormSenders = { forms: 0, unverified: 0, newestMessageId: null };
  if (count <= 0 || domains.length === 0) return none;
  const newest = await db.message.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  if (!newest) return none;
  const rows = await db.message.findMany({
    where: {
      id: { gt: newest.id - SCAN_LIMIT },
      OR: domains.map((domain) => ({ fromAddress: { endsWith: `@${domain}` } })),
      decisions: { some: {}, none: { OR: [{ outcome: "ignored" }, { findings: { some: { code: { in: NOT_A_FORM } } } }] } },
    },
    orderBy: { id: "desc" },
    take: count,
    select: {
      messageId: true,
      decisions: { orderBy: { id: "desc" }, take: 1, select: { findings: { where: { code: "SENDER_UNVERIFIED" }, select: { id: true } } } },
    },
  });
  return {
    forms: rows.length,
    unverified: rows.filter((row) => (row.decisions[0]?.findings.length ?? 0) > 0).length,
    newestMessageId: rows[0]?.messageId ?? null,
  };
}
