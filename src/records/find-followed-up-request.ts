import type { KnownRequest } from "../requests/request-change.ts";
import { requestStatusOf } from "../requests/request-status.ts";
import type { Records } from "./database.ts";

export const KNOWN_REQUEST_FIELDS = { id: true, reference: true, status: true, applicantEmail: true, authoriserEmail: true } as const;

/** A request row as far as deciding what a message does to it goes. */
export function knownRequest(row: { id: number; reference: string; status: string; applicantEmail: string; authoriserEmail: string | null }): KnownRequest {
  return { ...row, status: requestStatusOf(row.status) };
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
      select: { request: { select: KNOWN_REQUEST_FIELDS } },
    });
    if (reply?.request) return knownRequest(reply.request);
  }
  if (clues.subjectReference) {
    const request = await db.request.findUnique({ where: { reference: clues.subjectReference }, select: KNOWN_REQUEST_FIELDS });
    if (request) return knownRequest(request);
  }
  return null;
}
