import type { KnownRequest } from "../requests/request-change.ts";
import type { Records } from "./database.ts";
import { KNOWN_REQUEST_FIELDS, knownRequest } from "./find-followed-up-request.ts";

/**
 * Every request with this fingerprint (the same form, applicant and organisations), whatever
 * its status, oldest first. A request being judged again is left out.
 */
export async function findSameRequests(db: Records, fingerprint: string, options: { excludeRequestId?: number | null } = {}): Promise<KnownRequest[]> {
  const rows = await db.request.findMany({
    where: { fingerprint, ...(options.excludeRequestId ? { id: { not: options.excludeRequestId } } : {}) },
    orderBy: { id: "asc" },
    select: KNOWN_REQUEST_FIELDS,
  });
  return rows.map(knownRequest);
}
