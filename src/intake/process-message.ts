// One message through the intake: its identity (a message recorded before is only filed
// again), its judgement, and the decision recorded with its consequences in one transaction.
// The delivery and the mailbox move come after, in the pass.
import { identityMark, type MailboxEntry, type OutcomeFolder } from "../mailbox/mailbox.ts";
import { identify, type MessageIdentity } from "../message/incoming-message.ts";
import { findMessage } from "../records/messages.ts";
import { recordDecision } from "../records/decisions.ts";
import { referenceOf } from "../requests/request-change.ts";
import type { Outcome } from "../rules/reasons.ts";
import { repliesFor, requestChangeOf } from "./consequences.ts";
import type { IntakeContext } from "./intake-context.ts";
import { judge, unjudged, type Judgement } from "./judge-message.ts";

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
    at: receivedAt,
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
