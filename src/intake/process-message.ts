// One message through the intake: read it, gather the facts, decide, compose the replies
// and record it all in one transaction. The mailbox move and the delivery come after.
import { findAttachedForm } from "../forms/attached-form.ts";
import type { MailboxEntry, OutcomeFolder } from "../mailbox/mailbox.ts";
import { identify, MessageUnreadableError, readIncomingMessage, type MessageIdentity } from "../message/incoming-message.ts";
import { findAuthorisedRequest } from "../records/find-authorised-request.ts";
import { findMessage } from "../records/find-message.ts";
import { recordDecision, type InboundMessage, type NewRequest, type RequestStatus } from "../records/record-decision.ts";
import { newReference } from "../records/reference.ts";
import { composeReplies, type AnsweredMessage } from "../replies/compose-replies.ts";
import { newReplyMessageId } from "../replies/reply-message-id.ts";
import { decide, type Decision } from "../rules/decide.ts";
import { requestFingerprint } from "../rules/fingerprint.ts";
import type { Finding, Outcome } from "../rules/reasons.ts";
import { authenticateSender } from "../sender/authenticate-sender.ts";
import type { IntakeContext } from "./intake-context.ts";

export interface ProcessedMessage {
  readonly messageId: string;
  readonly outcome: Outcome;
  readonly folder: OutcomeFolder;
  readonly reference: string | null;
  /** True when the message had been recorded before (a crash before its move, or a second copy). */
  readonly seenBefore: boolean;
}

export const FOLDER_OF: Record<Outcome, OutcomeFolder> = {
  accepted: "processed",
  duplicate: "processed",
  ignored: "processed",
  rejected: "rejected",
  flagged: "exceptions",
};

const STATUS_OF: Partial<Record<Outcome, RequestStatus>> = {
  accepted: "authorised",
  rejected: "rejected",
  flagged: "referred",
};

function referredDecision(finding: Finding): Decision {
  return { outcome: "flagged", findings: [finding], form: null, senderVerified: false };
}

async function record(
  context: IntakeContext,
  entry: MailboxEntry,
  identity: MessageIdentity,
  details: { fromAddress: string | null; subject: string | null; references: readonly string[] },
  decision: Decision,
  extra: { newRequest: NewRequest | null; relatedReference: string | null },
): Promise<ProcessedMessage> {
  const { db, templates, replySettings, config, clock, log } = context;
  const reference = extra.newRequest?.reference ?? extra.relatedReference;
  const answered: AnsweredMessage = {
    messageId: identity.messageId,
    references: details.references,
    subject: details.subject,
    fromAddress: details.fromAddress,
    receivedAt: clock(),
  };
  const replyDomain = config.replyFrom.address.split("@")[1] ?? "localhost";
  const replies = composeReplies({ decision, answered, reference }, templates, replySettings, newReplyMessageId(replyDomain));
  const inbound: InboundMessage = {
    messageId: identity.messageId,
    contentHash: identity.contentHash,
    mailboxKey: entry.key,
    sizeBytes: identity.sizeBytes,
    fromAddress: details.fromAddress,
    subject: details.subject,
  };
  await recordDecision(db, { message: inbound, outcome: decision.outcome, findings: decision.findings, replies, ...extra });
  log.info("message decided", {
    messageId: identity.messageId,
    outcome: decision.outcome,
    reasons: decision.findings.map((f) => f.code),
    reference,
    replies: replies.map((r) => r.kind),
  });
  return { messageId: identity.messageId, outcome: decision.outcome, folder: FOLDER_OF[decision.outcome], reference, seenBefore: false };
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

export async function processMessage(context: IntakeContext, entry: MailboxEntry): Promise<ProcessedMessage> {
  const { config, db, resolver, log } = context;
  const raw = await context.mailbox.read(entry);
  const { identity, known } = await identityFor(context, raw);
  if (known) {
    log.info("message already recorded; filing it again", { messageId: identity.messageId, outcome: known });
    return { messageId: identity.messageId, outcome: known, folder: FOLDER_OF[known], reference: null, seenBefore: true };
  }

  const sender = await authenticateSender(raw, { trustedAuthservIds: config.trustedAuthservIds, resolver });
  let incoming;
  try {
    incoming = await readIncomingMessage(raw);
  } catch (error) {
    if (!(error instanceof MessageUnreadableError)) throw error;
    const details = { fromAddress: sender.from?.address ?? null, subject: null, references: [] };
    const decision = referredDecision({ code: "MESSAGE_UNREADABLE", detail: error.message });
    return record(context, entry, identity, details, decision, { newRequest: null, relatedReference: null });
  }

  const form = await findAttachedForm(incoming.attachments, { maxBytes: config.maxAttachmentBytes });
  const fingerprint = form.kind === "read" ? requestFingerprint(form.form) : null;
  const authorisedRequest = fingerprint ? await findAuthorisedRequest(db, fingerprint) : null;
  const decision = decide({
    sender,
    form,
    authorisedRequest,
    policy: { allowedSenderDomains: config.allowedSenderDomains },
  });

  const status = STATUS_OF[decision.outcome];
  const newRequest: NewRequest | null =
    decision.form && fingerprint && status ? { reference: newReference(), status, fingerprint, form: decision.form } : null;
  const details = { fromAddress: sender.from?.address ?? null, subject: incoming.subject, references: incoming.references };
  return record(context, entry, identity, details, decision, {
    newRequest,
    relatedReference: decision.outcome === "duplicate" ? (authorisedRequest?.reference ?? null) : null,
  });
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
  const known = await findMessage(context.db, identity.messageId);
  if (known) {
    const outcome = known.outcome ?? "flagged";
    return { messageId: identity.messageId, outcome, folder: FOLDER_OF[outcome], reference: null, seenBefore: true };
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : "unknown error";
  const decision = referredDecision({ code: "PROCESSING_FAILED", detail });
  return record(context, entry, identity, { fromAddress: null, subject: null, references: [] }, decision, {
    newRequest: null,
    relatedReference: null,
  });
}
