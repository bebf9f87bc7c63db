// The checks every message goes through, in order. Each is a small function of the facts
// that returns a finding or nothing; adding a rule means adding a file and a line here.
import { defaultFormFromApplicant } from "./checks/default-form-from-applicant.ts";
import { formAttached } from "./checks/form-attached.ts";
import { formReadable } from "./checks/form-readable.ts";
import { formRecognised } from "./checks/form-recognised.ts";
import { formValid } from "./checks/form-valid.ts";
import { notDuplicate } from "./checks/not-duplicate.ts";
import { notSelfAuthorised } from "./checks/not-self-authorised.ts";
import { senderDomainAllowed } from "./checks/sender-domain-allowed.ts";
import { senderIsAuthoriser } from "./checks/sender-is-authoriser.ts";
import { senderVerified } from "./checks/sender-verified.ts";
import type { Facts } from "./facts.ts";
import type { Finding } from "./reasons.ts";

/** A check reads the facts, and may read what the checks before it found. */
export type Check = (facts: Facts, earlier: readonly Finding[]) => Finding | null;

export const CHECKS: readonly Check[] = [
  formAttached,
  formReadable,
  formRecognised,
  formValid,
  senderVerified,
  senderDomainAllowed,
  defaultFormFromApplicant,
  senderIsAuthoriser,
  notSelfAuthorised,
  notDuplicate,
];
