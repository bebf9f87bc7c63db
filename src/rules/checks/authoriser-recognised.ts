import { holdsRole } from "../../directory/holds-role.ts";
import { FORM_ROUTES } from "../../forms/access-routes.ts";
import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/**
 * The authoriser is in the directory with a fitting role for every organisation on the
 * form, on the day the message arrived. A verified authoriser who is not (yet) there is
 * referred, not rejected: the support team confirms them, adds them and judges again.
 */
export function authoriserRecognised({ form, directory, receivedOn, review }: Facts, earlier: readonly Finding[]): Finding | null {
  if (earlier.length > 0 || form.kind !== "read" || !form.form.authoriser || review?.authoriserConfirmed) return null;
  const roles = FORM_ROUTES[form.form.formId].authoriserRoles;
  const missing = form.form.organisation.codes.filter(
    (organisationCode) => !holdsRole(directory, { organisationCode, roles, on: receivedOn }),
  );
  return missing.length > 0 ? { code: "AUTHORISER_NOT_RECOGNISED", detail: missing.join(", ") } : null;
}
