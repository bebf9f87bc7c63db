import type { ReasonCode } from "../rules/reasons.ts";
import type { Records } from "./database.ts";
import { requestStatusOf, type RequestStatus } from "../requests/request-status.ts";

export interface RequestSummary {
  readonly reference: string;
  readonly status: RequestStatus;
  readonly formId: string;
  readonly applicantEmail: string;
  readonly authoriserEmail: string | null;
  readonly organisationCode: string;
  readonly reasons: ReasonCode[];
  /** Why the support team should look again (e.g. a notification was undeliverable), or null. */
  readonly attention: string | null;
  /** A referred or rejected request for the same access that came before this one, from other people. */
  readonly earlierReference: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Registration requests, oldest first, with the reason codes of their latest decision. */
export async function listRequests(db: Records, filter: { status?: RequestStatus } = {}): Promise<RequestSummary[]> {
  const rows = await db.request.findMany({
    where: filter.status ? { status: filter.status } : {},
    orderBy: { id: "asc" },
    include: {
      decisions: { orderBy: { id: "desc" }, take: 1, include: { findings: { orderBy: { id: "asc" } } } },
      earlierRequest: { select: { reference: true } },
    },
  });
  return rows.map((row) => ({
    reference: row.reference,
    status: requestStatusOf(row.status),
    formId: row.formId,
    applicantEmail: row.applicantEmail,
    authoriserEmail: row.authoriserEmail,
    organisationCode: row.organisationCode,
    reasons: (row.decisions[0]?.findings ?? []).map((f) => f.code as ReasonCode),
    attention: row.attention,
    earlierReference: row.earlierRequest?.reference ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}
