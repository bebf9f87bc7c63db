// One registration request as the console shows it: what the form said, and everything that
// happened to it (each message judged and why, each email and its delivery, each audit event).
import type { Records } from "./database.ts";
import { dayOfDate } from "./days.ts";
import { evidencePaths, orNull, outcomes, replyKinds, replyStatuses, requestStatuses } from "./closed-sets.ts";

export interface RequestRecord {
  readonly reference: string;
  readonly status: string;
  readonly formId: string;
  readonly formVersion: string;
  readonly applicant: { readonly name: string; readonly email: string; readonly jobTitle: string; readonly phone: string | null };
  readonly organisation: { readonly name: string; readonly codes: string; readonly type: string };
  readonly authoriser: { readonly name: string | null; readonly email: string | null; readonly role: string | null; readonly date: string | null } | null;
  readonly createAnalysis: boolean;
  readonly justification: string | null;
  readonly attention: string | null;
  readonly earlierReference: string | null;
  readonly laterReferences: readonly string[];
  readonly createdAt: Date;
}

export interface RequestDecisionRecord {
  readonly at: Date;
  readonly outcome: string;
  readonly senderProof: string | null;
  readonly findings: readonly { readonly code: string; readonly detail: string | null }[];
  readonly message: { readonly messageId: string; readonly from: string | null; readonly subject: string | null; readonly receivedAt: Date };
}

export interface RequestReplyRecord {
  readonly at: Date;
  readonly kind: string;
  readonly recipient: string;
  readonly subject: string;
  readonly status: string;
  readonly sentAt: Date | null;
  readonly lastError: string | null;
}

export interface RequestAuditRecord {
  readonly at: Date;
  readonly event: string;
  readonly fromState: string | null;
  readonly toState: string | null;
  readonly detail: string | null;
}

export interface RequestHistory {
  readonly request: RequestRecord;
  readonly decisions: readonly RequestDecisionRecord[];
  readonly replies: readonly RequestReplyRecord[];
  readonly audit: readonly RequestAuditRecord[];
}

export async function findRequestHistory(db: Records, reference: string): Promise<RequestHistory | null> {
  const row = await db.request.findUnique({
    where: { reference },
    include: {
      earlierRequest: { select: { reference: true } },
      laterRequests: { select: { reference: true }, orderBy: { id: "asc" } },
      organisations: { orderBy: { position: "asc" } },
      decisions: { orderBy: { id: "asc" }, include: { findings: { orderBy: { id: "asc" } }, message: true } },
      replies: { orderBy: { id: "asc" } },
    },
  });
  if (!row) return null;
  const audit = await db.auditEvent.findMany({ where: { subjectType: "request", subjectId: row.id }, orderBy: { id: "asc" } });
  const hasAuthoriser = row.authoriserEmail !== null || row.authoriserName !== null;
  return {
    request: {
      reference: row.reference,
      status: requestStatuses.domain(row.status),
      formId: row.formId,
      formVersion: row.formVersion,
      applicant: {
        name: `${row.applicantFirstName} ${row.applicantLastName}`,
        email: row.applicantEmail,
        jobTitle: row.applicantJobTitle,
        phone: row.applicantPhone,
      },
      organisation: { name: row.organisationName, codes: row.organisations.map((o) => o.code).join(","), type: row.organisationType },
      authoriser: hasAuthoriser
        ? { name: row.authoriserName, email: row.authoriserEmail, role: row.authoriserRole, date: row.authorisationDate ? dayOfDate(row.authorisationDate) : null }
        : null,
      createAnalysis: row.createAnalysis,
      justification: row.justification,
      attention: row.attention,
      earlierReference: row.earlierRequest?.reference ?? null,
      laterReferences: row.laterRequests.map((later) => later.reference),
      createdAt: row.createdAt,
    },
    decisions: row.decisions.map((decision) => ({
      at: decision.decidedAt,
      outcome: outcomes.domain(decision.outcome),
      senderProof: orNull(decision.senderProof, evidencePaths.domain),
      findings: decision.findings.map((finding) => ({ code: finding.code, detail: finding.detail })),
      message: {
        messageId: decision.message.messageId,
        from: decision.message.fromAddress,
        subject: decision.message.subject,
        receivedAt: decision.message.receivedAt,
      },
    })),
    replies: row.replies.map((reply) => ({
      at: reply.createdAt,
      kind: replyKinds.domain(reply.kind),
      recipient: reply.recipient,
      subject: reply.subject,
      status: replyStatuses.domain(reply.status),
      sentAt: reply.sentAt,
      lastError: reply.lastError,
    })),
    audit: audit.map((event) => ({ at: event.at, event: event.event, fromState: event.fromState, toState: event.toState, detail: event.detail })),
  };
}
