// Records a second judgement of a message people referred: a new decision on the same
// message, the request's change of status (or a new request), the replies, the audit.
import type { ComposedReply } from "../replies/reply.ts";
import type { Finding, Outcome } from "../rules/reasons.ts";
import { audit } from "./audit.ts";
import type { Database } from "./database.ts";
import { applyRequestChange, createReplies, type RequestChange } from "./record-decision.ts";

export interface RedecisionToRecord {
  readonly messageRowId: number;
  readonly outcome: Outcome;
  readonly findings: readonly Finding[];
  readonly requestChange: RequestChange;
  readonly replies: readonly ComposedReply[];
  /** Keep the raw email only while the message is still referred to people. */
  readonly keepSource: boolean;
}

export async function recordRedecision(db: Database, record: RedecisionToRecord): Promise<{ decisionId: number }> {
  return db.$transaction(async (tx) => {
    const requestId = await applyRequestChange(tx, record.requestChange, record.messageRowId);
    const decision = await tx.decision.create({
      data: {
        messageId: record.messageRowId,
        requestId,
        outcome: record.outcome,
        findings: { create: record.findings.map((f) => ({ code: f.code, detail: f.detail ?? null })) },
      },
    });
    await audit(tx, {
      subjectType: "message",
      subjectId: record.messageRowId,
      event: "judged-again",
      toState: record.outcome,
      detail: record.findings.map((f) => f.code).join(",") || null,
    });
    await createReplies(tx, record.replies, { decisionId: decision.id, inboundId: record.messageRowId, requestId });
    if (!record.keepSource) await tx.messageSource.deleteMany({ where: { messageId: record.messageRowId } });
    return { decisionId: decision.id };
  });
}
