import type { Facts } from "../facts.ts";
import { samePerson } from "../people.ts";
import type { Finding } from "../reasons.ts";

/** The authoriser is not the applicant, by address or by name. */
export function notSelfAuthorised({ form }: Facts): Finding | null {
  if (form.kind !== "read" || !form.form.authoriser) return null;
  const { applicant, authoriser } = form.form;
  const applicantPerson = { name: `${applicant.firstName} ${applicant.lastName}`, email: applicant.email };
  return samePerson(applicantPerson, authoriser) ? { code: "SELF_AUTHORISATION" } : null;
}
