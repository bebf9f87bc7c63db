import { FORM_ROUTES } from "../../forms/access-routes.ts";
import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/** A justified national or CD Accountable Officer request that passed every rule goes to a person, until one approves it. */
export function nationalAccessReviewed({ form, review }: Facts, earlier: readonly Finding[]): Finding | null {
  if (earlier.length > 0 || form.kind !== "read" || !FORM_ROUTES[form.form.formId].reviewed || review?.accessApproved) return null;
  return { code: "NATIONAL_ACCESS_REVIEW", detail: form.form.formId };
}
