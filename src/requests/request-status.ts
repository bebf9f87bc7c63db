// The life of a registration request, in the page's terms: what a decision makes of it, and
// which states stand in the way of the same request being made again.
import type { Outcome } from "../rules/reasons.ts";

export const REQUEST_STATUSES = ["authorised", "rejected", "referred", "provisioned"] as const;

export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The status a request takes from the outcome of the decision on its form; none for the rest. */
export const STATUS_OF: Partial<Record<Outcome, RequestStatus>> = {
  accepted: "authorised",
  rejected: "rejected",
  flagged: "referred",
};

/**
 * Accepted requests: only these make a later form for the same access, applicant and
 * organisations a duplicate. A referred or rejected one never blocks a later genuine form.
 */
export const ACCEPTED_STATUSES: readonly RequestStatus[] = ["authorised", "provisioned"];

/** A new form from the request's own people, while it is in one of these, is a new attempt at it. */
export const RETRYABLE_STATUSES: readonly RequestStatus[] = ["rejected", "referred"];
