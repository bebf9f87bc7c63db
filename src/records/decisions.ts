// A decision and everything it produces, in one transaction: the message (on its first
// judgement), the decision and its findings, the change to the requests, the replies to deliver
// and the audit trail. Nothing is sent before this commits, and a crash before it leaves no trace.
import type { RequestChange } from "../requests/request-change.ts";
import type { ComposedReply } from "../replies/reply.ts";
import type { Finding, Outcome } from "../rules/reasons.ts";
import type { SenderProof } from "../rules/sender-proof.ts";
import { audit } from "./audit.ts";
import { placeInCase } from "./cases.ts";
import { evidencePaths, orNull, outcomes, reasonCodes } from "./closed-sets.ts";
import type { Database, Transaction } from "./database.ts";
import { dropSource, keepSource } from "./message-source.ts";
import { recordMessage, type InboundMessage } from "./messages.ts";
import { queueReplies } from "./replies.ts";
import { applyRequestChange } from "./requests.ts";

/** What one judgement of a message concludes, first time or again. */
interface Judged {
  readonly outcome: Outcome;
  readonly findings: readonly Finding[];
  /** The evidence path that proved the sender; null or absent when none did. */
  readonly senderProof?: SenderProof | null;
  readonly requestChange: RequestChange;
  readonly replies: readonly ComposedReply[];
  /** Answers over the daily cap: recorded as suppressed, never sent. */
  readonly suppressedReplies: readonly ComposedReply[];
  /** When it was decided, by the application's clock. */
  readonly at: Date;
  /** An agent's action judged it again and settles its case itself (src/casework). */
  readonly caseSettledByAgent?: boolean;
}

export interface DecisionToRecord extends Judged {
  readonly message: InboundMessage;
  /** The raw email, kept when people may need to judge it again; null otherwise. */
  readonly source: Buffer | null;
}

export interface RedecisionToRecord extends Judged {
  readonly messageRowId: number;
  /** Keep the raw email only while the message is still referred to people. */
  readonly keepSource: boolean;
}

/** The decision with its findings, the request change and the replies, on a recorded message. */
async function decide(tx: Transaction, inboundId: number, judged: Judged, event: "decided" | "judged-again"): Promise<{ decisionId: number; requestId: number | null }> {
  const { at } = judged;
  const requestId = await applyRequestChange(tx, judged.requestChange, inboundId, at);
  const row = await tx.decision.create({
    data: {
      inboundId,
      requestId,
      outcome: outcomes.stored(judged.outcome),
      senderProof: orNull(judged.senderProof ?? null, evidencePaths.stored),
      decidedAt: at,
      findings: { create: judged.findings.map((f) => ({ code: reasonCodes.stored(f.code), detail: f.detail ?? null })) },
    },
    select: { id: true },
  });
  await audit(tx, {
    at,
    subjectType: "message",
    subjectId: inboundId,
    event,
    toState: judged.outcome,
    detail: judged.findings.map((f) => f.code).join(",") || null,
  });
  await placeInCase(tx, {
    inboundId,
    requestId,
    outcome: judged.outcome,
    reasons: judged.findings.map((f) => f.code),
    senderVerified: (judged.senderProof ?? null) !== null,
    at,
    ...(judged.caseSettledByAgent ? { settledByAgent: true } : {}),
  });
  const links = { decisionId: row.id, inboundId, requestId };
  await queueReplies(tx, judged.replies, links, at);
  await queueReplies(tx, judged.suppressedReplies, links, at, { suppressed: true });
  return { decisionId: row.id, requestId };
}

/** The first judgement of a message taken from the mailbox. */
export async function recordDecision(db: Database, record: DecisionToRecord): Promise<void> {
  await db.$transaction(async (tx) => {
    const inboundId = await recordMessage(tx, record.message, record.at);
    if (record.source) await keepSource(tx, inboundId, record.source);
    await decide(tx, inboundId, record, "decided");
  });
}

/**
 * A second judgement of a message people referred: a new decision on the same message. `within`
 * runs in the same transaction (an agent's action settling the case): if it throws, nothing of
 * the judgement is kept.
 */
export async function recordRedecision(
  db: Database,
  record: RedecisionToRecord,
  within?: (tx: Transaction, recorded: { decisionId: number; requestId: number | null }) => Promise<void>,
): Promise<{ decisionId: number; requestId: number | null }> {
  return db.$transaction(async (tx) => {
    const recorded = await decide(tx, record.messageRowId, record, "judged-again");
    if (!record.keepSource) await dropSource(tx, record.messageRowId);
    await within?.(tx, recorded);
    return recorded;
  });
}
