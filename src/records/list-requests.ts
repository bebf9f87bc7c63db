import type { ReasonCode } from "../rules/reasons.ts";
import type { Records } from "./database.ts";
import type { RequestStatus } from "./record-decision.ts";

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
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Registration requests, oldest first, with the reason codes of their latest decision. */
export async function listRequests(db: Records, filter: { status?: RequestStatus } = {}): Promise<RequestSummary[]> {
  const rows = await db.request.findMany({
    where: filter.status ? { status: filter.status } : {},
    orderBy: { id: "asc" },
    include: { decisions: { orderBy: { id: "desc" }, take: 1, include: { findings: { orderBy: { id: "asc" } } } } },
  });
  return rows.map((row) => ({
    reference: row.reference,
    status: row.status as RequestStatus,
    formId: row.formId,
    applicantEmail: row.applicantEmail,
    authoriserEmail: row.authoriserEmail,
    organisationCode: row.organisationCode,
    reasons: (row.decisions[0]?.findings ?? []).map((f) => f.code as ReasonCode),
    attention: row.attention,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}
