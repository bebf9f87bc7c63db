// What a judgement leads to, besides the decision itself: the change to the requests (the pure
// policy of src/requests) and the replies, with answers over the daily cap set apart (the pure
// cap of src/replies, fed by the count the records keep).
import { countRecentAnswers } from "../records/replies.ts";
import { DAY_MS } from "../records/days.ts";
import { newReference } from "../requests/reference.ts";
import { requestChangeFor, type RequestChange } from "../requests/request-change.ts";
import { composeReplies } from "../replies/compose-replies.ts";
import { applyReplyCap, type CappedReplies } from "../replies/reply-cap.ts";
import type { Services } from "./intake-context.ts";
import type { Judgement } from "./judge-message.ts";

/**
 * The replies for a judgement, with the answers over the daily cap set apart (recorded as
 * suppressed, never sent): a loop with an autoresponder that slips past every header check
 * still ends. Status notifications and mail to the support team are never capped.
 */
export async function repliesFor(
  context: Services,
  judgement: Pick<Judgement, "decision" | "details">,
  answered: { messageId: string; receivedAt: Date },
  reference: string | null,
): Promise<CappedReplies> {
  const composed = composeReplies(
    {
      decision: judgement.decision,
      answered: { ...judgement.details, messageId: answered.messageId, receivedAt: answered.receivedAt },
      reference,
    },
    context.templates,
    context.replySettings,
    context.replyMessageId,
  );
  const since = new Date(answered.receivedAt.getTime() - DAY_MS);
  const answers = await countRecentAnswers(context.db, composed.map((r) => r.recipient), since);
  const capped = applyReplyCap(composed, answers, context.config.replyCapPerDay);
  for (const reply of capped.suppressed) {
    context.log.warn("daily cap of answers reached; answer recorded as suppressed, not sent", { messageId: answered.messageId, kind: reply.kind });
  }
  return capped;
}

/** What the judgement does to the requests (src/requests/request-change.ts). */
export function requestChangeOf(judgement: Judgement): RequestChange {
  return requestChangeFor(
    {
      decision: judgement.decision,
      fingerprint: judgement.fingerprint,
      sender: judgement.decision.reachable.sender,
      followUp: judgement.followUp,
      sameRequests: judgement.sameRequests,
      bounced: judgement.bouncedReference,
    },
    newReference,
  );
}

