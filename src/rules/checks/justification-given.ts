import { FORM_ROUTES } from "../../forms/access-routes.ts";
import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** National and CD Accountable Officer requests carry a justification. */
export function justificationGiven({ form }: Facts): Finding | null {
  if (form.kind !== "read" || !FORM_ROUTES[form.form.formId].reviewed) return null;
  return form.form.justification ? null : { code: "JUSTIFICATION_REQUIRED" };
}
