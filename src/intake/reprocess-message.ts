// Judges a referred message again, after people have acted (added an authoriser to the
// directory, imported organisations). The request keeps its reference and its history.
import { deliverReplies } from "../outbox/delivery.ts";
import type { IntakeContext } from "./intake-context.ts";
import { repliesFor, requestChangeOf } from "./consequences.ts";
import { judge } from "./judge-message.ts";
import { FOLDER_OF } from "./process-message.ts";
import { findKeptMessage } from "../records/message-source.ts";
import { referenceOf, type RequestChange } from "../requests/request-change.ts";
import { STATUS_OF } from "../requests/request-status.ts";
import { recordRedecision } from "../records/decisions.ts";
import type { Outcome, ReasonCode } from "../rules/reasons.ts";

export class MessageNotKeptError extends Error {
  constructor(messageId: string) {
    super(`no referred message ${messageId} is kept for judging again (only referred messages of up to 4 MB are kept; a larger one is in the Exceptions folder)`);
    this.name = "MessageNotKeptError";
  }
}

export interface Rejudged {
  readonly messageId: string;
  readonly outcome: Outcome;
  readonly reasons: ReasonCode[];
  readonly requestReference: string | null;
}

export async function reprocessMessage(context: IntakeContext, messageId: string): Promise<Rejudged> {
  const kept = await findKeptMessage(context.db, messageId);
  if (!kept) throw new MessageNotKeptError(messageId);
  // Judged as of now: the support team has just confirmed what the directory now says.
  const now = context.clock();
  const judgement = await judge(context, kept.raw, { receivedAt: now, excludeRequestId: kept.request?.id ?? null });
  const { decision } = judgement;
  const status = STATUS_OF[decision.outcome];

  // The request keeps its reference: judged again, it only changes status.
  const change: RequestChange =
    kept.request && status
      ? { kind: "status", reference: kept.request.reference, from: kept.request.status, to: status }
      : kept.request
        ? { kind: "link", reference: kept.request.reference }
        : requestChangeOf(judgement);
  const reference = referenceOf(change);

  const replies = await repliesFor(context, judgement, { messageId: kept.messageId, receivedAt: now }, reference);
  await recordRedecision(context.db, {
    messageRowId: kept.id,
    outcome: decision.outcome,
    findings: decision.findings,
    senderProof: decision.senderProof,
    requestChange: change,
    replies: replies.send,
    suppressedReplies: replies.suppressed,
    keepSource: decision.outcome === "flagged",
    at: now,
  });
  await deliverReplies(context);
  if (FOLDER_OF[decision.outcome] !== "exceptions") {
    const moved = await context.mailbox.refile({ messageId: kept.messageId, key: kept.mailboxKey }, "exceptions", FOLDER_OF[decision.outcome]);
    if (!moved) context.log.warn("judged again, but not found in the exceptions folder to move", { messageId: kept.messageId });
  }
  context.log.info("message judged again", {
    messageId: kept.messageId,
    outcome: decision.outcome,
    reasons: decision.findings.map((f) => f.code),
    reference,
  });
  return { messageId: kept.messageId, outcome: decision.outcome, reasons: decision.findings.map((f) => f.code), requestReference: reference };
}
