// Registration requests: opening one, a new attempt at one, its change of status, and reading
// them back (a follow-up's request, the same request made before, the list). A request's
// organisation codes are rows of RequestOrganisation, in the form's order.
import type { KnownRequest, NewRequest, RequestChange } from "../requests/request-change.ts";
import type { RequestStatus } from "../requests/request-status.ts";
import type { ReasonCode } from "../rules/reasons.ts";
import { audit } from "./audit.ts";
import { reasonCodes, requestStatuses } from "./closed-sets.ts";
import type { Records, Transaction } from "./database.ts";
import { dateOfDay, dayOfDate } from "./days.ts";
import { isFormId, type RegistrationForm } from "../forms/registration-form.ts";
import type { Prisma } from "./generated/client.ts";

const KNOWN_REQUEST = { id: true, reference: true, status: true, applicantEmail: true, authoriserEmail: true } satisfies Prisma.RequestSelect;
type KnownRequestRow = Prisma.RequestGetPayload<{ select: typeof KNOWN_REQUEST }>;

/** A request row as far as deciding what a message does to it goes. */
function knownRequest(row: KnownRequestRow): KnownRequest {
  return { ...row, status: requestStatuses.domain(row.status) };
}

/** What a form says of a request, as columns; its organisation codes as rows. */
function requestColumns(request: NewRequest) {
  const { form } = request;
  return {
    status: requestStatuses.stored(request.status),
    fingerprint: request.fingerprint,
    formId: form.formId,
    formVersion: form.formVersion,
    applicantFirstName: form.applicant.firstName,
    applicantLastName: form.applicant.lastName,
    applicantEmail: form.applicant.email,
    applicantJobTitle: form.applicant.jobTitle,
    applicantPhone: form.applicant.phone,
    organisationName: form.organisation.name,
    organisationType: form.organisation.type,
    createAnalysis: form.createAnalysis,
    justification: form.justification,
    authoriserName: form.authoriser?.name ?? null,
    authoriserEmail: form.authoriser?.email ?? null,
    authoriserRole: form.authoriser?.role ?? null,
    authoriserPhone: form.authoriser?.phone ?? null,
    authorisationDate: form.authoriser ? dateOfDay(form.authoriser.date) : null,
  };
}

const organisationRows = (request: NewRequest): { position: number; code: string }[] =>
  request.form.organisation.codes.map((code, position) => ({ position, code }));

async function createRequest(tx: Transaction, request: NewRequest, fromMessageId: number, earlier: string | null, at: Date): Promise<number> {
  const earlierRow = earlier ? await tx.request.findUnique({ where: { reference: earlier }, select: { id: true } }) : null;
  const row = await tx.request.create({
    data: {
      reference: request.reference,
      ...requestColumns(request),
      organisations: { create: organisationRows(request) },
      earlierRequestId: earlierRow?.id ?? null,
      createdAt: at,
      updatedAt: at,
    },
  });
  await audit(tx, { at, subjectType: "request", subjectId: row.id, event: "created", toState: request.status, detail: `from message ${fromMessageId}` });
  if (earlierRow) {
    await audit(tx, { at, subjectType: "request", subjectId: earlierRow.id, event: "later-request", detail: request.reference });
  }
  return row.id;
}

/** Applies a request change inside the decision's transaction; returns the request's row id. */
export async function applyRequestChange(tx: Transaction, change: RequestChange, messageRowId: number, at: Date): Promise<number | null> {
  switch (change.kind) {
    case "create":
      return createRequest(tx, change.request, messageRowId, change.earlier, at);
    case "attempt": {
      const row = await tx.request.update({
        where: { reference: change.request.reference },
        data: { ...requestColumns(change.request), organisations: { deleteMany: {}, create: organisationRows(change.request) }, updatedAt: at },
      });
      await audit(tx, {
        at,
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
      const row = await tx.request.update({ where: { reference: change.reference }, data: { status: requestStatuses.stored(change.to), updatedAt: at } });
      if (change.from !== change.to) {
        await audit(tx, { at, subjectType: "request", subjectId: row.id, event: "judged-again", fromState: change.from, toState: change.to });
      }
      return row.id;
    }
    case "link":
      return (await tx.request.findUnique({ where: { reference: change.reference }, select: { id: true } }))?.id ?? null;
    case "none":
      return null;
  }
}

/** Marks a request for the support team's attention (e.g. a notification could not be delivered). */
export async function markRequestForAttention(tx: Transaction, requestId: number, why: string, event: string, at: Date): Promise<void> {
  await tx.request.update({ where: { id: requestId }, data: { attention: why, updatedAt: at } });
  await audit(tx, { at, subjectType: "request", subjectId: requestId, event, detail: why });
}

/**
 * The request a message says it follows up: the request of a reply of ours it answers (by our
 * Message-IDs in In-Reply-To/References), or the reference quoted in its subject. Whether it
 * counts as a follow-up (only from the request's own people) is decided by the caller.
 */
export async function findFollowedUpRequest(
  db: Records,
  clues: { readonly ourMessageIds: readonly string[]; readonly subjectReference: string | null },
): Promise<KnownRequest | null> {
  if (clues.ourMessageIds.length > 0) {
    const reply = await db.reply.findFirst({
      where: { messageId: { in: [...clues.ourMessageIds] }, requestId: { not: null } },
      orderBy: { id: "desc" },
      select: { request: { select: KNOWN_REQUEST } },
    });
    if (reply?.request) return knownRequest(reply.request);
  }
  if (clues.subjectReference) {
    const request = await db.request.findUnique({ where: { reference: clues.subjectReference }, select: KNOWN_REQUEST });
    if (request) return knownRequest(request);
  }
  return null;
}

/**
 * Every request with this fingerprint (the same form, applicant and organisations), whatever
 * its status, oldest first. A request being judged again is left out.
 */
export async function findSameRequests(db: Records, fingerprint: string, options: { excludeRequestId?: number | null } = {}): Promise<KnownRequest[]> {
  const rows = await db.request.findMany({
    where: { fingerprint, ...(options.excludeRequestId ? { id: { not: options.excludeRequestId } } : {}) },
    orderBy: { id: "asc" },
    select: KNOWN_REQUEST,
  });
  return rows.map(knownRequest);
}

export interface RequestSummary {
  readonly reference: string;
  readonly status: RequestStatus;
  readonly formId: string;
  readonly applicantEmail: string;
  readonly authoriserEmail: string | null;
  /** The form's organisation codes, comma-separated in its order. */
  readonly organisationCode: string;
  readonly reasons: ReasonCode[];
  /** Why the support team should look again (e.g. a notification was undeliverable), or null. */
  readonly attention: string | null;
  /** A referred or rejected request for the same access that came before this one, from other people. */
  readonly earlierReference: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const REQUEST_SUMMARY = {
  organisations: { orderBy: { position: "asc" }, select: { code: true } },
  decisions: { orderBy: { id: "desc" }, take: 1, select: { findings: { orderBy: { id: "asc" }, select: { code: true } } } },
  earlierRequest: { select: { reference: true } },
} satisfies Prisma.RequestInclude;
type RequestSummaryRow = Prisma.RequestGetPayload<{ include: typeof REQUEST_SUMMARY }>;

function requestSummary(row: RequestSummaryRow): RequestSummary {
  return {
    reference: row.reference,
    status: requestStatuses.domain(row.status),
    formId: row.formId,
    applicantEmail: row.applicantEmail,
    authoriserEmail: row.authoriserEmail,
    organisationCode: row.organisations.map((o) => o.code).join(","),
    reasons: (row.decisions[0]?.findings ?? []).map((f) => reasonCodes.domain(f.code)),
    attention: row.attention,
    earlierReference: row.earlierRequest?.reference ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Registration requests, oldest first, with the reason codes of their latest decision. */
export async function listRequests(db: Records, filter: { status?: RequestStatus } = {}): Promise<RequestSummary[]> {
  const rows = await db.request.findMany({
    where: filter.status ? { status: requestStatuses.stored(filter.status) } : {},
    orderBy: { id: "asc" },
    include: REQUEST_SUMMARY,
  });
  return rows.map(requestSummary);
}

/** A request as its form said it, with the message that last decided it (for provisioning). */
export interface RequestOnRecord {
  readonly id: number;
  readonly reference: string;
  readonly status: RequestStatus;
  readonly form: RegistrationForm;
  /** The message of its latest decision: the emails about it thread under it. */
  readonly message: { readonly messageId: string; readonly subject: string | null; readonly fromAddress: string | null; readonly receivedAt: Date } | null;
}

export async function findRequestOnRecord(db: Records, reference: string): Promise<RequestOnRecord | null> {
  const row = await db.request.findUnique({
    where: { reference },
    include: {
      organisations: { orderBy: { position: "asc" } },
      decisions: { orderBy: { id: "desc" }, take: 1, select: { message: { select: { messageId: true, subject: true, fromAddress: true, receivedAt: true } } } },
    },
  });
  if (!row || !isFormId(row.formId)) return null;
  const form: RegistrationForm = {
    formId: row.formId,
    formVersion: row.formVersion,
    applicant: { firstName: row.applicantFirstName, lastName: row.applicantLastName, email: row.applicantEmail, jobTitle: row.applicantJobTitle, phone: row.applicantPhone },
    organisation: { name: row.organisationName, codes: row.organisations.map((o) => o.code), type: row.organisationType },
    createAnalysis: row.createAnalysis,
    justification: row.justification,
    authoriser:
      row.authoriserName && row.authoriserEmail
        ? { name: row.authoriserName, email: row.authoriserEmail, role: row.authoriserRole ?? "", phone: row.authoriserPhone, date: row.authorisationDate ? dayOfDate(row.authorisationDate) : "" }
        : null,
  };
  return { id: row.id, reference: row.reference, status: requestStatuses.domain(row.status), form, message: row.decisions[0]?.message ?? null };
}

/** Moves a request from `from` to `to` if it is still in `from`: false when it no longer was (someone else moved it). */
export async function moveRequestStatus(tx: Transaction, request: { id: number; from: RequestStatus; to: RequestStatus }, at: Date, who: { actor: string; event: string }): Promise<boolean> {
  const { count } = await tx.request.updateMany({ where: { id: request.id, status: requestStatuses.stored(request.from) }, data: { status: requestStatuses.stored(request.to), updatedAt: at } });
  if (count === 0) return false;
  await audit(tx, { at, subjectType: "request", subjectId: request.id, event: who.event, fromState: request.from, toState: request.to, actor: who.actor });
  return true;
}
