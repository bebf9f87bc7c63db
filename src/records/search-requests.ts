// Finds registration requests for the console's search: by reference, applicant or
// authoriser (address or name) or organisation code, newest first, a page at a time.
import { requestStatuses } from "./closed-sets.ts";
import type { Records } from "./database.ts";

export interface FoundRequest {
  readonly reference: string;
  readonly status: string;
  readonly formId: string;
  readonly applicant: string;
  readonly applicantEmail: string;
  readonly authoriserEmail: string | null;
  readonly organisationCode: string;
  readonly createdAt: Date;
  readonly attention: string | null;
}

export interface RequestQuery {
  /** Words to look for; empty: every request. */
  readonly text: string;
  readonly limit: number;
  readonly offset: number;
}

/** Each word must match one of the fields; a reference matches whole, in any letter case. */
function whereWords(text: string): object {
  const words = text.trim().split(/\s+/).filter((word) => word.length > 0).slice(0, 6);
  if (words.length === 0) return {};
  return {
    AND: words.map((word) => ({
      OR: [
        { reference: word.toUpperCase() },
        { applicantEmail: { contains: word.toLowerCase() } },
        { applicantFirstName: { contains: word } },
        { applicantLastName: { contains: word } },
        { authoriserEmail: { contains: word.toLowerCase() } },
        { authoriserName: { contains: word } },
        { organisations: { some: { code: { contains: word.toUpperCase() } } } },
      ],
    })),
  };
}

export async function searchRequests(db: Records, query: RequestQuery): Promise<{ requests: FoundRequest[]; total: number }> {
  const where = whereWords(query.text);
  const [rows, total] = await Promise.all([
    db.request.findMany({ where, orderBy: { id: "desc" }, take: query.limit, skip: query.offset, include: { organisations: { orderBy: { position: "asc" } } } }),
    db.request.count({ where }),
  ]);
  return {
    total,
    requests: rows.map((row) => ({
      reference: row.reference,
      status: requestStatuses.domain(row.status),
      formId: row.formId,
      applicant: `${row.applicantFirstName} ${row.applicantLastName}`,
      applicantEmail: row.applicantEmail,
      authoriserEmail: row.authoriserEmail,
      organisationCode: row.organisations.map((o) => o.code).join(","),
      createdAt: row.createdAt,
      attention: row.attention,
    })),
  };
}
