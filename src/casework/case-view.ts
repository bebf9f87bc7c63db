// Everything the support team needs to decide a case, read for the command line and the
// console alike: the queue, and one case with its reasons in plain words, the form's fields as
// read, the sender evidence, the email's header and text (as text, never as active content),
// its attachments and the history. The kept email is read again by the examiner, in its own
// process under the message budget, like any message from the mailbox.
import type { Services } from "../intake/intake-context.ts";
import { caseHistory, caseMessages, findCase, listCases as listCaseRecords, wakeSnoozedCases, type CaseFilter } from "../records/cases.ts";
import type { Records } from "../records/database.ts";
import { findKeptMessage } from "../records/message-source.ts";
import { londonDay } from "../directory/directory-dates.ts";
import type { CaseState, Resolution } from "../requests/case-state.ts";
import type { RegistrationForm } from "../forms/registration-form.ts";
import type { AttachedForm } from "../forms/attached-form.ts";
import { REASONS, type ReasonCode } from "../rules/reasons.ts";
import { explanationOf, type SenderExplanation } from "../sender/explain-sender.ts";

export type { CaseFilter };

export interface CaseSummary {
  readonly id: number;
  readonly state: CaseState;
  readonly reasons: readonly ReasonCode[];
  readonly openedAt: Date;
  readonly claimedBy: string | null;
  readonly snoozedUntil: string | null;
  readonly requestReference: string | null;
  readonly fromAddress: string | null;
  readonly subject: string | null;
  /** The Message-ID of the message that opened it. */
  readonly messageId: string | null;
}

export interface CaseReason {
  readonly code: ReasonCode;
  readonly sentence: string;
  readonly detail: string | null;
}

export interface CaseAttachmentSummary {
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
}

export interface CaseEmail {
  readonly header: readonly { readonly name: string; readonly value: string }[];
  readonly text: string;
  readonly attachments: readonly CaseAttachmentSummary[];
}

export interface CaseRequest {
  readonly reference: string;
  readonly status: string;
  readonly applicant: string;
  readonly authoriser: string | null;
  readonly organisations: string;
}

export interface CaseHistoryEvent {
  readonly at: Date;
  readonly actor: string;
  readonly event: string;
  readonly note: string | null;
}

export interface CaseView {
  readonly summary: CaseSummary;
  readonly reasons: readonly CaseReason[];
  /** The form's fields as read (label, value), or why there is none. */
  readonly form: { readonly fields: readonly { readonly label: string; readonly value: string }[] } | { readonly missing: string };
  readonly sender: SenderExplanation | null;
  readonly email: CaseEmail | null;
  readonly request: CaseRequest | null;
  readonly history: readonly CaseHistoryEvent[];
  readonly resolution: Resolution | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
}

export interface CaseAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** The queue, oldest first; snoozed cases whose day has come are open again first. */
export async function listCases(db: Records, filter: CaseFilter, now: Date = new Date()): Promise<{ cases: CaseSummary[]; total: number }> {
  await wakeSnoozedCases(db, londonDay(now), now);
  const { cases, total } = await listCaseRecords(db, filter);
  return { cases: cases.map(summaryOf), total };
}

function summaryOf(c: Awaited<ReturnType<typeof listCaseRecords>>["cases"][number]): CaseSummary {
  return {
    id: c.id,
    state: c.state,
    reasons: c.reasons,
    openedAt: c.openedAt,
    claimedBy: c.claimedBy,
    snoozedUntil: c.snoozedUntil,
    requestReference: c.requestReference,
    fromAddress: c.fromAddress,
    subject: c.subject,
    messageId: c.messageId,
  };
}

function formFields(form: RegistrationForm, title: string): { label: string; value: string }[] {
  const fields: { label: string; value: string }[] = [
    { label: "Form", value: `${title} (${form.formId}, version ${form.formVersion})` },
    { label: "Applicant", value: `${form.applicant.firstName} ${form.applicant.lastName}` },
    { label: "Applicant email", value: form.applicant.email },
    { label: "Job title", value: form.applicant.jobTitle },
    { label: "Organisation", value: form.organisation.name },
    { label: "Organisation codes", value: form.organisation.codes.join(", ") },
  ];
  if (form.authoriser) {
    fields.push(
      { label: "Authoriser", value: form.authoriser.name },
      { label: "Authoriser email", value: form.authoriser.email },
      { label: "Authoriser role", value: form.authoriser.role },
      { label: "Authorisation date", value: form.authoriser.date },
    );
  }
  if (form.justification) fields.push({ label: "Justification", value: form.justification });
  return fields;
}

function formOf(attached: AttachedForm, title: (formId: RegistrationForm["formId"]) => string): CaseView["form"] {
  switch (attached.kind) {
    case "read":
      return { fields: formFields(attached.form, title(attached.form.formId)) };
    case "none":
      return { missing: "The email has no registration form attached." };
    case "several":
      return { missing: `The email has several forms attached (${attached.formIds.join(", ")}).` };
    case "too-many":
      return { missing: `The email has ${attached.count} attachments that could be forms; at most ${attached.limit} are read.` };
    case "invalid":
      return { missing: `The form (${attached.formId}) has fields that are not valid: ${attached.errors.map((e) => `${e.label}: ${e.problem}`).join("; ")}` };
    default:
      return { missing: `The form could not be read (${attached.kind}).` };
  }
}

export async function caseView(services: Services, caseId: number): Promise<CaseView | null> {
  const now = services.clock();
  await wakeSnoozedCases(services.db, londonDay(now), now);
  const record = await findCase(services.db, caseId);
  if (!record) return null;
  const messages = await caseMessages(services.db, caseId);
  const first = messages[0];
  const latest = messages.findLast((m) => m.kept) ?? messages.at(-1);
  const kept = latest?.kept ? await findKeptMessage(services.db, latest.messageId) : null;
  const examination = kept ? await services.examiner.examine(kept.raw, { display: true }) : null;
  const examined = examination?.kind === "examined" ? examination : null;
  const request = record.requestId === null ? null : await services.db.request.findUnique({ where: { id: record.requestId }, include: { organisations: { orderBy: { position: "asc" } } } });
  const history = await caseHistory(services.db, caseId);
  return {
    summary: {
      id: record.id,
      state: record.state,
      reasons: (first?.reasons ?? []).map((r) => r.code),
      openedAt: record.openedAt,
      claimedBy: record.claimedBy,
      snoozedUntil: record.snoozedUntil,
      requestReference: request?.reference ?? null,
      fromAddress: first?.fromAddress ?? null,
      subject: first?.subject ?? null,
      messageId: first?.messageId ?? null,
    },
    reasons: (latest?.reasons ?? []).map((r) => ({ code: r.code, sentence: REASONS[r.code].sentence, detail: r.detail })),
    form: examined ? formOf(examined.form, services.replySettings.formTitle) : { missing: kept ? "The email could not be read again." : "The email was not kept (over 4 MB); it is in the Exceptions folder." },
    sender: examined ? explanationOf({ evidence: examined.sender, paths: examined.senderPaths }) : null,
    email: examined?.display
      ? {
          header: examined.display.headers,
          text: examined.display.text ?? "",
          attachments: examined.display.attachments.map((a, index) => ({ index, filename: a.filename ?? `attachment-${index + 1}`, contentType: a.contentType, sizeBytes: a.sizeBytes })),
        }
      : null,
    request: request
      ? {
          reference: request.reference,
          status: request.status,
          applicant: `${request.applicantFirstName} ${request.applicantLastName} <${request.applicantEmail}>`,
          authoriser: request.authoriserEmail ? `${request.authoriserName ?? ""} <${request.authoriserEmail}>`.trim() : null,
          organisations: request.organisations.map((o) => o.code).join(", "),
        }
      : null,
    history: history.map((h) => ({ at: h.at, actor: h.actor ?? "intake", event: `${h.subject}: ${h.event}${h.toState ? ` → ${h.toState}` : ""}${h.detail ? ` (${h.detail})` : ""}`, note: h.note })),
    resolution: record.resolution,
    resolvedBy: record.resolvedBy,
    resolvedAt: record.resolvedAt,
  };
}

/** One attachment of the case's kept email, by its place in the email, for download only. */
export async function caseAttachment(services: Services, caseId: number, index: number): Promise<CaseAttachment | null> {
  const messages = await caseMessages(services.db, caseId);
  const latest = messages.findLast((m) => m.kept);
  if (!latest) return null;
  const kept = await findKeptMessage(services.db, latest.messageId);
  if (!kept) return null;
  // Read by the examiner, under the budget of one message like everything else the message holds:
  // the numbering is the one the case's view lists the attachments by.
  const examination = await services.examiner.examine(kept.raw, { display: true, attachment: index });
  const attachment = examination.kind === "examined" ? examination.display?.attachment : undefined;
  if (!attachment) return null;
  return { filename: attachment.filename ?? `attachment-${index + 1}`, contentType: attachment.contentType, bytes: attachment.bytes };
}
