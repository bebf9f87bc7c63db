// Writes everything a decision produces in one transaction: the message, the decision and
// its findings, the new request (if any), the replies to deliver and the audit trail.
// Nothing is sent before this commits, and a crash before it leaves no trace.
import type { NewRequest, RequestChange } from "../requests/request-change.ts";
import type { ComposedReply } from "../replies/reply.ts";
import type { Finding, Outcome } from "../rules/reasons.ts";
import type { SenderProof } from "../rules/decide.ts";
import { audit } from "./audit.ts";
import type { Database, Transaction } from "./database.ts";
import { keepSource } from "./message-source.ts";

export interface InboundMessage {
  readonly messageId: string;
  readonly contentHash: string;
  readonly mailboxKey: string;
  readonly sizeBytes: number;
  readonly fromAddress: string | null;
  readonly subject: string | null;
}

export interface DecisionToRecord {
  readonly message: InboundMessage;
  /** The raw email, kept when people may need to judge it again; null otherwise. */
  readonly source: Buffer | null;
  readonly outcome: Outcome;
  readonly findings: readonly Finding[];
  /** The evidence path that proved the sender; null or absent when none did. */
  readonly senderProof?: SenderProof | null;
  readonly requestChange: RequestChange;
  readonly replies: readonly ComposedReply[];
  /** Answers over the daily cap: recorded as suppressed, never sent. */
  readonly suppressedReplies: readonly ComposedReply[];
}

function requestData(request: NewRequest) {
  const { form } = request;
  return {
    reference: request.reference,
    status: request.status,
    fingerprint: request.fingerprint,
    formId: form.formId,
    formVersion: form.formVersion,
    applicantFirstName: form.applicant.firstName,
    applicantLastName: form.applicant.lastName,
    applicantEmail: form.applicant.email,
    applicantJobTitle: form.applicant.jobTitle,
    applicantPhone: form.applicant.phone,
    organisationName: form.organisation.name,
    organisationCode: form.organisation.codes.join(","),
    organisationType: form.organisation.type,
    createAnalysis: form.createAnalysis,
    justification: form.justification,
    authoriserName: form.authoriser?.name ?? null,
    authoriserEmail: form.authoriser?.email ?? null,
    authoriserRole: form.authoriser?.role ?? null,
    authoriserPhone: form.authoriser?.phone ?? null,
    authorisationDate: form.authoriser?.date ?? null,
  };
}

export async function createRequest(tx: Transaction, request: NewRequest, fromMessageId: number, earlier: string | null): Promise<number> {
  const earlierRow = earlier ? await tx.request.findUnique({ where: { reference: earlier }, select: { id: true } }) : null;
  const row = await tx.request.create({ data: { ...requestData(request), earlierRequestId: earlierRow?.id ?? null } });
  await audit(tx, {
    subjectType: "request",
    subjectId: row.id,
    event: "created",
    toState: row.status,
    detail: `from message ${fromMessageId}`,
  });
  if (earlierRow) {
    await audit(tx, { subjectType: "request", subjectId: earlierRow.id, event: "later-request", detail: request.reference });
  }
  return row.id;
}

/** Applies a request change inside the decision's transaction; returns the request's row id. */
export async function applyRequestChange(tx: Transaction, change: RequestChange, messageRowId: number): Promise<number | null> {
  switch (change.kind) {
    case "create":
      return createRequest(tx, change.request, messageRowId, change.earlier);
    case "attempt": {
      const { reference, ...data } = requestData(change.request);
      const row = await tx.request.update({ where: { reference }, data });
      await audit(tx, {
        subjectType: "request",
        subjectId: row.id,
        event: "new-attempt",
        fromState: change.from,
        toState: change.request.status,
        detail: `from message ${messageRowId}`,
      });
      return row.id;
    }
    case "status": {
      const row = await tx.request.update({ where: { reference: change.reference }, data: { status: change.to } });
      if (change.from !== change.to) {
        await audit(tx, { subjectType: "request", subjectId: row.id, event: "judged-again", fromState: change.from, toState: change.to });
      }
      return row.id;
    }
    case "link":
      return (await tx.request.findUnique({ where: { reference: change.reference }, select: { id: true } }))?.id ?? null;
    case "none":
      return null;
  }
}

/** A decision with its findings, and its line in the message's audit trail. */
export async function createDecision(
  tx: Transaction,
  decision: { messageRowId: number; requestId: number | null; outcome: Outcome; findings: readonly Finding[]; senderProof?: SenderProof | null },
  event: "decided" | "judged-again",
): Promise<number> {
  const row = await tx.decision.create({
    data: {
      messageId: decision.messageRowId,
      requestId: decision.requestId,
      outcome: decision.outcome,
      senderProof: decision.senderProof ?? null,
      findings: { create: decision.findings.map((f) => ({ code: f.code, detail: f.detail ?? null })) },
    },
  });
  await audit(tx, {
    subjectType: "message",
    subjectId: decision.messageRowId,
    event,
    toState: decision.outcome,
    detail: decision.findings.map((f) => f.code).join(",") || null,
  });
  return row.id;
}

/** Why an answer over the daily cap was not sent, as its record says. */
export const SUPPRESSED_BY_CAP = "not sent: the daily cap of automatic answers to this address was reached";

export async function createReplies(
  tx: Transaction,
  replies: readonly ComposedReply[],
  /** What the replies follow: a decision on an inbound message, or (for a health alert) neither. */
  links: { decisionId: number | null; inboundId: number | null; requestId: number | null; alertId?: number | null },
  suppressed = false,
): Promise<void> {
  for (const reply of replies) {
    const row = await tx.reply.create({
      data: {
        messageId: reply.messageId,
        kind: reply.kind,
        recipient: reply.recipient,
        subject: reply.subject,
        text: reply.text,
        html: reply.html,
        inReplyTo: reply.inReplyTo,
        references: reply.references.join(" "),
        ...links,
        ...(suppressed ? { status: "suppressed", lastError: SUPPRESSED_BY_CAP } : {}),
      },
    });
    await audit(tx, { subjectType: "reply", subjectId: row.id, event: suppressed ? "suppressed" : "queued", toState: row.status, detail: reply.kind });
  }
}

export async function recordDecision(db: Database, record: DecisionToRecord): Promise<void> {
  await db.$transaction(async (tx) => {
    const message = await tx.message.create({ data: { ...record.message } });
    await audit(tx, { subjectType: "message", subjectId: message.id, event: "received" });
    if (record.source) await keepSource(tx, message.id, record.source);

    const requestId = await applyRequestChange(tx, record.requestChange, message.id);
    const decided = { messageRowId: message.id, requestId, outcome: record.outcome, findings: record.findings, senderProof: record.senderProof };
    const decisionId = await createDecision(tx, decided, "decided");
    await createReplies(tx, record.replies, { decisionId, inboundId: message.id, requestId });
    await createReplies(tx, record.suppressedReplies, { decisionId, inboundId: message.id, requestId }, true);
  });
}
