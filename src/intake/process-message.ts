// One message through the intake: gather the facts, decide, compose the replies and
// record it all in one transaction. The delivery and the mailbox move come after.
import { identityMark, type MailboxEntry, type OutcomeFolder } from "../mailbox/mailbox.ts";
import { identify, type MessageIdentity } from "../message/incoming-message.ts";
import { findMessage } from "../records/find-message.ts";
import { recordDecision } from "../records/record-decision.ts";
import { countRecentAnswers } from "../records/count-recent-answers.ts";
import { DAY_MS } from "../records/day.ts";
import { newReference } from "../requests/reference.ts";
import { referenceOf, requestChangeFor, type KnownRequest, type RequestChange } from "../requests/request-change.ts";
import { composeReplies } from "../replies/compose-replies.ts";
import { applyReplyCap, type CappedReplies } from "../replies/reply-cap.ts";
import { decide, type Decision } from "../rules/decide.ts";
import { NOBODY } from "../rules/reachable.ts";
import type { Finding, Outcome } from "../rules/reasons.ts";
import { gatherFacts, type MessageDetails } from "./gather-facts.ts";
import type { IntakeContext } from "./intake-context.ts";

export interface ProcessedMessage {
  readonly messageId: string;
  readonly outcome: Outcome;
  readonly folder: OutcomeFolder;
  readonly reference: string | null;
  /** True when the message had been recorded before (a crash before its move, or a second copy). */
  readonly seenBefore: boolean;
  /** identityMark() of the bytes decided on, checked again before filing; null when none could be read. */
  readonly decidedMark: string | null;
}

export const FOLDER_OF: Record<Outcome, OutcomeFolder> = {
  accepted: "processed",
  duplicate: "processed",
  ignored: "processed",
  rejected: "rejected",
  flagged: "exceptions",
};

/** What a judgement produces: the decision, and the request and replies that follow from it. */
export interface Judgement {
  readonly decision: Decision;
  readonly details: MessageDetails;
  readonly fingerprint: string | null;
  /** The request of a reply of ours that this delivery report says was not delivered. */
  readonly bouncedReference: string | null;
  /** The request a reply of ours, or a reference in the subject, says this message follows up. */
  readonly followUp: KnownRequest | null;
  /** Requests with the same fingerprint as the form, oldest first. */
  readonly sameRequests: readonly KnownRequest[];
}

function referredDecision(finding: Finding): Decision {
  return { outcome: "flagged", findings: [finding], form: null, reachable: NOBODY };
}

/** A message referred to people without being judged (too large, unreadable, or its handling failed). */
function unjudged(finding: Finding, details: MessageDetails = { fromAddress: null, subject: null, references: [] }): Judgement {
  return {
    decision: referredDecision(finding),
    details,
    fingerprint: null,
    bouncedReference: null,
    followUp: null,
    sameRequests: [],
  };
}

/** Judges a raw message: never throws for anything the message contains. */
export async function judge(
  context: IntakeContext,
  raw: Buffer,
  options: { receivedAt: Date; excludeRequestId?: number | null },
): Promise<Judgement> {
  const gathered = await gatherFacts(context, raw, options);
  if (gathered.kind === "unjudged") return unjudged(gathered.finding, gathered.details);
  return {
    decision: decide(gathered.facts),
    details: gathered.details,
    fingerprint: gathered.fingerprint,
    bouncedReference: gathered.facts.bouncedReply?.reference ?? null,
    followUp: gathered.followUp,
    sameRequests: gathered.sameRequests,
  };
}

/**
 * The replies for a judgement, with the answers over the daily cap set apart (recorded as
 * suppressed, never sent): a loop with an autoresponder that slips past every header check
 * still ends. Status notifications and mail to the support team are never capped.
 */
export async function repliesFor(
  context: IntakeContext,
  judgement: Pick<Judgement, "decision" | "details">,
  answered: { messageId: string; receivedAt: Date },
  reference: string | null,
): Promise<CappedReplies> {
  const composed = composeReplies(
    {
      decision: judgement.decision,
      answered: { ...judgement.details, messageId: answered.messageId, receivedAt: answered.receivedAt },
      reference,
    },
    context.templates,
    context.replySettings,
    context.replyMessageId,
  );
  const since = new Date(answered.receivedAt.getTime() - DAY_MS);
  const answers = await countRecentAnswers(context.db, composed.map((r) => r.recipient), since);
  const capped = applyReplyCap(composed, answers, context.config.replyCapPerDay);
  for (const reply of capped.suppressed) {
    context.log.warn("daily cap of answers reached; answer recorded as suppressed, not sent", { messageId: answered.messageId, kind: reply.kind });
  }
  return capped;
}

/** What the judgement does to the requests (src/requests/request-change.ts). */
export function requestChangeOf(judgement: Judgement): RequestChange {
  return requestChangeFor(
    {
      decision: judgement.decision,
      fingerprint: judgement.fingerprint,
      sender: judgement.decision.reachable.sender,
      followUp: judgement.followUp,
      sameRequests: judgement.sameRequests,
      bounced: judgement.bouncedReference,
    },
    newReference,
  );
}

async function record(
  context: IntakeContext,
  entry: MailboxEntry,
  identity: MessageIdentity,
  decided: { readonly raw: Buffer | null; readonly mark: string | null },
  judgement: Judgement,
): Promise<ProcessedMessage> {
  const { raw } = decided;
  const { decision, details } = judgement;
  const receivedAt = context.clock();
  const requestChange = requestChangeOf(judgement);
  const reference = referenceOf(requestChange);
  const replies = await repliesFor(context, judgement, { messageId: identity.messageId, receivedAt }, reference);
  await recordDecision(context.db, {
    message: {
      messageId: identity.messageId,
      contentHash: identity.contentHash,
      mailboxKey: entry.key,
      sizeBytes: identity.sizeBytes,
      fromAddress: details.fromAddress,
      subject: details.subject,
    },
    // A referred message is kept whole so that it can be judged again once people have acted.
    source: decision.outcome === "flagged" ? raw : null,
    outcome: decision.outcome,
    findings: decision.findings,
    senderProof: decision.senderProof,
    requestChange,
    replies: replies.send,
    suppressedReplies: replies.suppressed,
  });
  context.log.info("message decided", {
    messageId: identity.messageId,
    outcome: decision.outcome,
    reasons: decision.findings.map((f) => f.code),
    reference,
    replies: replies.send.map((r) => r.kind),
  });
  return {
    messageId: identity.messageId,
    outcome: decision.outcome,
    folder: FOLDER_OF[decision.outcome],
    reference,
    seenBefore: false,
    decidedMark: decided.mark,
  };
}

/** A message recorded before (a crash before its move, or a second copy): filed again as it was decided. */
function alreadyRecorded(messageId: string, outcome: Outcome | null, decidedMark: string | null): ProcessedMessage {
  const filed = outcome ?? "flagged";
  return { messageId, outcome: filed, folder: FOLDER_OF[filed], reference: null, seenBefore: true, decidedMark };
}

/** The identity to record a message under; a reused Message-ID with other content gets its own. */
async function identityFor(context: IntakeContext, raw: Buffer): Promise<{ identity: MessageIdentity; known: Outcome | null }> {
  const identity = identify(raw);
  const known = await findMessage(context.db, identity.messageId);
  if (!known) return { identity, known: null };
  if (known.contentHash === identity.contentHash) return { identity, known: known.outcome ?? "flagged" };
  const own = { ...identity, messageId: `<${identity.contentHash}@intake.invalid>` };
  const ownKnown = await findMessage(context.db, own.messageId);
  return { identity: own, known: ownKnown ? (ownKnown.outcome ?? "flagged") : null };
}

/** A message over the size limit: referred on its header alone, never loaded whole. */
async function referOversized(context: IntakeContext, entry: MailboxEntry): Promise<ProcessedMessage> {
  const header = await context.mailbox.readHeader(entry);
  const { messageId, contentHash } = identify(header);
  // The hash is of the header only; the key and size keep a missing Message-ID unique.
  const identity: MessageIdentity = {
    messageId: messageId.endsWith("@intake.invalid>") ? `<${contentHash}.${entry.sizeBytes}@intake.invalid>` : messageId,
    contentHash: `header:${contentHash}`,
    sizeBytes: entry.sizeBytes,
  };
  const mark = identityMark(header);
  const known = await findMessage(context.db, identity.messageId);
  if (known) return alreadyRecorded(identity.messageId, known.outcome, mark);
  const detail = `${entry.sizeBytes} bytes; the limit is ${context.config.maxMessageBytes}`;
  const judgement = unjudged({ code: "MESSAGE_TOO_LARGE", detail });
  return record(context, entry, identity, { raw: null, mark }, judgement);
}

export async function processMessage(context: IntakeContext, entry: MailboxEntry): Promise<ProcessedMessage> {
  if (entry.sizeBytes > context.config.maxMessageBytes) return referOversized(context, entry);
  const raw = await context.mailbox.read(entry);
  const mark = identityMark(raw);
  const { identity, known } = await identityFor(context, raw);
  if (known) {
    context.log.info("message already recorded; filing it again", { messageId: identity.messageId, outcome: known });
    return alreadyRecorded(identity.messageId, known, mark);
  }
  const judgement = await judge(context, raw, { receivedAt: context.clock() });
  return record(context, entry, identity, { raw, mark }, judgement);
}

/** The last resort for a message whose handling failed unexpectedly: refer it to people. */
export async function referFailedMessage(
  context: IntakeContext,
  entry: MailboxEntry,
  raw: Buffer | null,
  error: unknown,
): Promise<ProcessedMessage> {
  const identity: MessageIdentity = raw
    ? identify(raw)
    : { messageId: `<unreadable.${entry.key.replace(/[^A-Za-z0-9._-]/g, "_")}@intake.invalid>`, contentHash: "", sizeBytes: entry.sizeBytes };
  const mark = raw ? identityMark(raw) : null;
  const known = await findMessage(context.db, identity.messageId);
  if (known) return alreadyRecorded(identity.messageId, known.outcome, mark);
  const detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : "unknown error";
  return record(context, entry, identity, { raw, mark }, unjudged({ code: "PROCESSING_FAILED", detail }));
}
