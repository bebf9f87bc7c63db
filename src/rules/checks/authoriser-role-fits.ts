import { rolesNamedBy } from "../../directory/authoriser-roles.ts";
import { FORM_ROUTES } from "../../forms/access-routes.ts";
import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** The role written on the form is one that may authorise this access. */
export function authoriserRoleFits({ form }: Facts): Finding | null {
  if (form.kind !== "read" || !form.form.authoriser) return null;
  const route = FORM_ROUTES[form.form.formId];
  const named = rolesNamedBy(form.form.authoriser.role);
  if (named.some((role) => route.authoriserRoles.includes(role))) return null;
  const detail =
    route.route === "financial" && named.includes("caldicott-guardian")
      ? "Caldicott Guardians cannot authorise access to financial data."
      : route.authoriserRule;
  return { code: "AUTHORISER_ROLE_INVALID", detail };
}
