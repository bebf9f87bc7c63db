import type { Records } from "./database.ts";

/**
 * The open (referred) or authorised request with this fingerprint: the same form for the
 * same applicant and organisations. A request being judged again is left out.
 */
export async function findOpenRequest(
  db: Records,
  fingerprint: string,
  options: { excludeRequestId?: number | null } = {},
): Promise<{ reference: string } | null> {
  return db.request.findFirst({
    where: {
      fingerprint,
      status: { in: ["authorised", "referred"] },
      ...(options.excludeRequestId ? { id: { not: options.excludeRequestId } } : {}),
    },
    orderBy: { id: "asc" },
    select: { reference: true },
  });
}
