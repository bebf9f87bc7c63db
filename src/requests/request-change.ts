// What a judged message does to the registration requests: open one, make a new attempt at
// one, or only be linked to one. Pure: the records apply the change in the decision's
// transaction. Who a request is for never changes, and only its own people can touch it.
import type { RegistrationForm } from "../forms/registration-form.ts";
import type { Decision } from "../rules/decide.ts";
import { sameAddress } from "../message/addresses.ts";
import { ACCEPTED_STATUSES, RETRYABLE_STATUSES, STATUS_OF, type RequestStatus } from "./request-status.ts";

/** A request on record, as far as deciding what a message does to it goes. */
export interface KnownRequest {
  readonly id: number;
  readonly reference: string;
  readonly status: RequestStatus;
  readonly applicantEmail: string;
  readonly authoriserEmail: string | null;
}

export interface NewRequest {
  readonly reference: string;
  readonly status: RequestStatus;
  readonly fingerprint: string;
  readonly form: RegistrationForm;
}

export type RequestChange =
  /** A valid form opens a new request; `earlier` is a referred or rejected one for the same access, linked for the support team. */
  | { readonly kind: "create"; readonly request: NewRequest; readonly earlier: string | null }
  /** A form from the request's own people while it is rejected or referred: a new attempt at the same request. */
  | { readonly kind: "attempt"; readonly request: NewRequest; readonly from: RequestStatus }
  /** The request changes status only (judged again). */
  | { readonly kind: "status"; readonly reference: string; readonly from: RequestStatus; readonly to: RequestStatus }
  /** The message concerns a request but changes nothing in it (a duplicate, a bounce, a question). */
  | { readonly kind: "link"; readonly reference: string }
  | { readonly kind: "none" };

export interface MessageAboutRequests {
  readonly decision: Decision;
  /** requestFingerprint() of the valid form, or null. */
  readonly fingerprint: string | null;
  /** The From address when it is verified; null otherwise. */
  readonly sender: string | null;
  /** The request a reply of ours (or a quoted reference) that this message answers is about. */
  readonly followUp: KnownRequest | null;
  /** Requests with the same fingerprint, oldest first (any status). */
  readonly sameRequests: readonly KnownRequest[];
  /** The request of a reply of ours that this delivery report says was not delivered. */
  readonly bounced: string | null;
}

/** The request's own authoriser or applicant, verified. */
function ownPeople(sender: string | null, request: KnownRequest): boolean {
  if (sender === null) return false;
  return sameAddress(sender, request.applicantEmail) || (request.authoriserEmail !== null && sameAddress(sender, request.authoriserEmail));
}

/** The form is for the same applicant, authorised by the same authoriser, as the request. */
function forTheSamePeople(request: KnownRequest, form: RegistrationForm): boolean {
  if (!sameAddress(form.applicant.email, request.applicantEmail)) return false;
  if (request.authoriserEmail === null || form.authoriser === null) return request.authoriserEmail === null && form.authoriser === null;
  return sameAddress(form.authoriser.email, request.authoriserEmail);
}

/** The accepted request a form from `sender` duplicates: one of the sender's own, never another's. */
export function duplicatedRequest(sender: string | null, sameRequests: readonly KnownRequest[]): KnownRequest | null {
  return sameRequests.find((request) => ACCEPTED_STATUSES.includes(request.status) && ownPeople(sender, request)) ?? null;
}

/** A follow-up counts only from the request's own people; anything else is judged as a new message. */
export function followedUp(message: Pick<MessageAboutRequests, "sender" | "followUp">): KnownRequest | null {
  return message.followUp && ownPeople(message.sender, message.followUp) ? message.followUp : null;
}

export function requestChangeFor(message: MessageAboutRequests, newReference: () => string): RequestChange {
  const { decision, fingerprint, sender, sameRequests } = message;
  const followUp = followedUp(message);
  const status = STATUS_OF[decision.outcome];
  const form = decision.form;
  if (form && fingerprint && status && sender !== null) {
    const retryable = (request: KnownRequest): boolean =>
      RETRYABLE_STATUSES.includes(request.status) && ownPeople(sender, request) && forTheSamePeople(request, form);
    const retried = followUp && retryable(followUp) ? followUp : ([...sameRequests].reverse().find(retryable) ?? null);
    if (retried) return { kind: "attempt", from: retried.status, request: { reference: retried.reference, status, fingerprint, form } };
    const earlier = [...sameRequests].reverse().find((request) => !ACCEPTED_STATUSES.includes(request.status)) ?? null;
    return { kind: "create", earlier: earlier?.reference ?? null, request: { reference: newReference(), status, fingerprint, form } };
  }
  const related =
    decision.outcome === "duplicate" ? (duplicatedRequest(sender, sameRequests)?.reference ?? null) : (message.bounced ?? followUp?.reference ?? null);
  return related ? { kind: "link", reference: related } : { kind: "none" };
}

export function referenceOf(change: RequestChange): string | null {
  return change.kind === "none" ? null : "request" in change ? change.request.reference : change.reference;
}
