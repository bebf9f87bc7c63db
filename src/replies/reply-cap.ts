// The daily cap on answers to one address: a loop with an autoresponder that slips past every
// header check still ends. Pure: the counts of answers each address had in the last 24 hours
// come from the records. Answers over the cap are kept as suppressed (never sent), so the
// support team sees them; no other kind of reply is ever held back by it.
import { ANSWER_KINDS, type ComposedReply } from "./reply.ts";

export interface CappedReplies {
  readonly send: readonly ComposedReply[];
  /** Answers over the cap: recorded as suppressed, never sent. */
  readonly suppressed: readonly ComposedReply[];
}

export function applyReplyCap(replies: readonly ComposedReply[], answersInLastDay: ReadonlyMap<string, number>, cap: number): CappedReplies {
  const counts = new Map(answersInLastDay);
  const send: ComposedReply[] = [];
  const suppressed: ComposedReply[] = [];
  for (const reply of replies) {
    if (!ANSWER_KINDS.includes(reply.kind)) {
      send.push(reply);
      continue;
    }
    const answered = counts.get(reply.recipient) ?? 0;
    if (answered >= cap) {
      suppressed.push(reply);
      continue;
    }
    counts.set(reply.recipient, answered + 1);
    send.push(reply);
  }
  return { send, suppressed };
}
