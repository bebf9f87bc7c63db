import { ORGANISATION_TYPE_LABELS } from "../../organisations/organisation-types.ts";
import { ELIGIBILITY, FORM_ROUTES, formFit } from "../../forms/access-routes.ts";
import type { Facts } from "../facts.ts";
import type { Finding, ReasonCode } from "../reasons.ts";

const CODE_OF = {
  "not-eligible": "ORGANISATION_NOT_ELIGIBLE",
  "level-not-allowed": "ACCESS_LEVEL_NOT_ALLOWED",
  "type-mismatch": "ORGANISATION_TYPE_MISMATCH",
} as const satisfies Record<string, ReasonCode>;

/**
 * The organisation may register for this access ("Who can register?"), at a level the
 * access offers, on the form for its type. Reports the first misfit, in the page's words.
 */
export function organisationFitsForm({ form, organisations }: Facts): Finding | null {
  if (form.kind !== "read") return null;
  const { formId } = form.form;
  for (const code of form.form.organisation.codes) {
    const organisation = organisations.get(code);
    if (!organisation) continue; // organisationKnown reports it
    const fit = formFit(formId, organisation.type);
    if (fit === "fits") continue;
    const label = ORGANISATION_TYPE_LABELS[organisation.type];
    const detail =
      fit === "not-eligible"
        ? `${code} is a ${label}. ${ELIGIBILITY[organisation.type].rule}`
        : `${code} is a ${label}; this form is for ${describeLevel(formId)}`;
    return { code: CODE_OF[fit], detail };
  }
  return null;
}

function describeLevel(formId: Parameters<typeof formFit>[0]): string {
  const types = FORM_ROUTES[formId].organisationTypes;
  return types === "any-eligible" ? "any eligible organisation" : types.map((t) => ORGANISATION_TYPE_LABELS[t]).join(", ");
}
