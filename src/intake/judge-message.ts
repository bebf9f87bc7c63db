// Judging one raw message: the facts gathered (what the examiner read in it, what the records
// know), then the pure decision. Never throws for anything the message contains.
import { decide, type Decision } from "../rules/decide.ts";
import { NOBODY } from "../rules/reachable.ts";
import type { Review } from "../rules/facts.ts";
import type { Finding } from "../rules/reasons.ts";
import type { KnownRequest } from "../requests/request-change.ts";
import { gatherFacts, type MessageDetails } from "./gather-facts.ts";
import type { Services } from "./intake-context.ts";

/** What a judgement produces: the decision, and the request and replies that follow from it. */
export interface Judgement {
  readonly decision: Decision;
  readonly details: MessageDetails;
  readonly fingerprint: string | null;
  /** The request of a reply of ours that this delivery report says was not delivered. */
  readonly bouncedReference: string | null;
  /** The request a reply of ours, or a reference in the subject, says this message follows up. */
  readonly followUp: KnownRequest | null;
  /** Requests with the same fingerprint as the form, oldest first. */
  readonly sameRequests: readonly KnownRequest[];
}

function referredDecision(finding: Finding): Decision {
  return { outcome: "flagged", findings: [finding], form: null, reachable: NOBODY };
}

/** A message referred to people without being judged (too large, unreadable, or its handling failed). */
export function unjudged(finding: Finding, details: MessageDetails = { fromAddress: null, subject: null, references: [] }): Judgement {
  return {
    decision: referredDecision(finding),
    details,
    fingerprint: null,
    bouncedReference: null,
    followUp: null,
    sameRequests: [],
  };
}

export async function judge(
  context: Services,
  raw: Buffer,
  options: { receivedAt: Date; excludeRequestId?: number | null; review?: Review | null },
): Promise<Judgement> {
  const gathered = await gatherFacts(context, raw, options);
  if (gathered.kind === "unjudged") return unjudged(gathered.finding, gathered.details);
  return {
    decision: decide(gathered.facts),
    details: gathered.details,
    fingerprint: gathered.fingerprint,
    bouncedReference: gathered.facts.bouncedReply?.reference ?? null,
    followUp: gathered.followUp,
    sameRequests: gathered.sameRequests,
  };
}

