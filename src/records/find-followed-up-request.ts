import type { Records } from "./database.ts";
import type { RequestStatus } from "./record-decision.ts";

export interface FollowedUpRequest {
  readonly id: number;
  readonly reference: string;
  readonly status: RequestStatus;
}

/**
 * The request a message follows up: the request of a reply of ours it answers (by our
 * Message-IDs in In-Reply-To/References), or the reference quoted in its subject when the
 * sender is that request's authoriser or applicant (a subject is easy to copy; an address
 * on the request is not).
 */
export async function findFollowedUpRequest(
  db: Records,
  clues: { readonly ourMessageIds: readonly string[]; readonly subjectReference: string | null; readonly sender: string | null },
): Promise<FollowedUpRequest | null> {
  const select = { id: true, reference: true, status: true } as const;
  if (clues.ourMessageIds.length > 0) {
    const reply = await db.reply.findFirst({
      where: { messageId: { in: [...clues.ourMessageIds] }, requestId: { not: null } },
      orderBy: { id: "desc" },
      select: { request: { select } },
    });
    if (reply?.request) return { ...reply.request, status: reply.request.status as RequestStatus };
  }
  if (clues.subjectReference && clues.sender) {
    const request = await db.request.findFirst({
      where: {
        reference: clues.subjectReference,
        OR: [{ authoriserEmail: clues.sender }, { applicantEmail: clues.sender }],
      },
      select,
    });
    if (request) return { ...request, status: request.status as RequestStatus };
  }
  return null;
}
