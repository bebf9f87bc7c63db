// The checks every message goes through, in order. Each is a small function of the facts
// that returns a finding or nothing; adding a rule means adding a file and a line here.
// The last ones refer a request to people, or call it a duplicate, only when nothing
// before them found a fault.
import { notAutomaticReply } from "./checks/not-automatic-reply.ts";
import { notDeliveryReport } from "./checks/not-delivery-report.ts";
import { notOwnMessage } from "./checks/not-own-message.ts";
import { applicantDomainAllowed } from "./checks/applicant-domain-allowed.ts";
import { authoriserRecognised } from "./checks/authoriser-recognised.ts";
import { authoriserRoleFits } from "./checks/authoriser-role-fits.ts";
import { defaultFormFromApplicant } from "./checks/default-form-from-applicant.ts";
import { formAsShown } from "./checks/form-as-shown.ts";
import { formAttached } from "./checks/form-attached.ts";
import { formReadable } from "./checks/form-readable.ts";
import { formRecognised } from "./checks/form-recognised.ts";
import { formValid } from "./checks/form-valid.ts";
import { justificationGiven } from "./checks/justification-given.ts";
import { nationalAccessReviewed } from "./checks/national-access-reviewed.ts";
import { notDuplicate } from "./checks/not-duplicate.ts";
import { notSelfAuthorised } from "./checks/not-self-authorised.ts";
import { organisationFitsForm } from "./checks/organisation-fits-form.ts";
import { organisationKnown } from "./checks/organisation-known.ts";
import { pdfsWithinLimit } from "./checks/pdfs-within-limit.ts";
import { senderDomainAllowed } from "./checks/sender-domain-allowed.ts";
import { senderIsAuthoriser } from "./checks/sender-is-authoriser.ts";
import { senderVerified } from "./checks/sender-verified.ts";
import type { Facts } from "./facts.ts";
import type { Finding } from "./reasons.ts";

/** A check reads the facts, and may read what the checks before it found. */
export type Check = (facts: Facts, earlier: readonly Finding[]) => Finding | null;

/** Mail sent by machines: when one of these finds something, nothing else is judged. */
export const AUTOMATIC_MAIL_CHECKS: readonly Check[] = [notOwnMessage, notDeliveryReport, notAutomaticReply];

export const CHECKS: readonly Check[] = [
  // the form itself
  formAttached,
  pdfsWithinLimit,
  formReadable,
  formRecognised,
  formAsShown,
  formValid,
  // who sent it
  senderVerified,
  senderDomainAllowed,
  defaultFormFromApplicant,
  senderIsAuthoriser,
  notSelfAuthorised,
  // who may register, for what, authorised by whom
  applicantDomainAllowed,
  organisationKnown,
  organisationFitsForm,
  justificationGiven,
  authoriserRoleFits,
  // only for a form with no fault so far
  notDuplicate,
  authoriserRecognised,
  nationalAccessReviewed,
];
