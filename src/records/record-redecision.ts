// Records a second judgement of a message people referred: a new decision on the same
// message, the request's change of status (or a new request), the replies, the audit.
import type { ComposedReply } from "../replies/reply.ts";
import type { Finding, Outcome } from "../rules/reasons.ts";
import type { SenderProof } from "../rules/decide.ts";
import type { Database } from "./database.ts";
import type { RequestChange } from "../requests/request-change.ts";
import { dropSource } from "./message-source.ts";
import { applyRequestChange, createDecision, createReplies } from "./record-decision.ts";

export interface RedecisionToRecord {
  readonly messageRowId: number;
  readonly outcome: Outcome;
  readonly findings: readonly Finding[];
  /** The evidence path that proved the sender this time; null or absent when none did. */
  readonly senderProof?: SenderProof | null;
  readonly requestChange: RequestChange;
  readonly replies: readonly ComposedReply[];
  /** Answers over the daily cap: recorded as suppressed, never sent. */
  readonly suppressedReplies: readonly ComposedReply[];
  /** Keep the raw email only while the message is still referred to people. */
  readonly keepSource: boolean;
}

export async function recordRedecision(db: Database, record: RedecisionToRecord): Promise<{ decisionId: number }> {
  return db.$transaction(async (tx) => {
    const requestId = await applyRequestChange(tx, record.requestChange, record.messageRowId);
    const decided = { messageRowId: record.messageRowId, requestId, outcome: record.outcome, findings: record.findings, senderProof: record.senderProof };
    const decisionId = await createDecision(tx, decided, "judged-again");
    await createReplies(tx, record.replies, { decisionId, inboundId: record.messageRowId, requestId });
    await createReplies(tx, record.suppressedReplies, { decisionId, inboundId: record.messageRowId, requestId }, true);
    if (!record.keepSource) await dropSource(tx, record.messageRowId);
    return { decisionId };
  });
}
