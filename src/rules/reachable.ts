// Who a decision may write to. Mail goes only to addresses that earned it: the sender, when
// its From address is verified; an address written on the form (the applicant's) only when
// the sender passed every sender check (verified, an allowed domain, and the authoriser named
// on the form, or for a form without one the applicant) and the address itself passes the
// applicant-domain rule. Anyone else is written to by nobody.
import { applicantDomainAllowed } from "./checks/applicant-domain-allowed.ts";
import { senderDomainAllowed } from "./checks/sender-domain-allowed.ts";
import type { Facts } from "./facts.ts";
import { sameAddress } from "../message/addresses.ts";

export interface Reachable {
  /** The verified From address, or null. */
  readonly sender: string | null;
  /** The applicant's address from the form, when the sender and the address earned it; or null. */
  readonly applicant: string | null;
}

export const NOBODY: Reachable = { sender: null, applicant: null };

export function reachable(facts: Facts): Reachable {
  // An agent's confirmation of the sender (src/casework) earns what evidence would have.
  const confirmed = facts.review?.senderConfirmed ?? null;
  const from = facts.sender.verification || confirmed ? facts.sender.from : null;
  if (from === null) return NOBODY;
  const form = facts.form.kind === "read" ? facts.form.form : null;
  if (form === null) return { sender: from.address, applicant: null };
  const namedOnForm = form.authoriser ? form.authoriser.email : form.applicant.email;
  const senderProven = senderDomainAllowed(facts) === null && (sameAddress(from.address, namedOnForm) || (confirmed !== null && !form.authoriser));
  const applicant = senderProven && applicantDomainAllowed(facts) === null ? form.applicant.email : null;
  return { sender: from.address, applicant };
}
