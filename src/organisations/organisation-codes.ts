// The shape an ODS organisation code must have for its type. Only shapes ODS documents are
// checked: a GP practice or cost centre code has no structure that may be read into it.
import type { OrganisationType } from "./organisation-types.ts";

interface CodeShape {
  readonly pattern: RegExp;
  readonly described: string;
}

const shape = (pattern: RegExp, described: string): CodeShape => ({ pattern, described });

const PRACTICE = shape(/^[A-Z0-9]{3,8}$/, "3 to 8 letters or digits");
const THREE = shape(/^[A-Z0-9]{3}$/, "3 letters or digits");
const THREE_OR_FIVE = shape(/^(?:[A-Z0-9]{3}|[A-Z0-9]{5})$/, "3 or 5 letters or digits");
// No published structure for these; 9 allows a local authority's ONS code (E06000001).
const ANY_ODS = shape(/^[A-Z0-9]{3,9}$/, "3 to 9 letters or digits");

const SHAPES: Record<OrganisationType, CodeShape> = {
  "gp-practice": PRACTICE,
  "prescribing-cost-centre": PRACTICE,
  pcn: shape(/^U\d{5}$/, '"U" and five digits, e.g. U12345'),
  icb: THREE,
  // Former CCG codes (92G) and newer five-character ones (D4U1Y).
  "sub-icb-location": THREE_OR_FIVE,
  // A trust (RXX) or one of its sites (RXX01).
  "nhs-trust": THREE_OR_FIVE,
  region: ANY_ODS,
  "independent-provider": ANY_ODS,
  "local-authority": ANY_ODS,
  csu: ANY_ODS,
  "health-innovation-network": ANY_ODS,
  national: ANY_ODS,
  "other-public-sector": ANY_ODS,
  pharmacy: ANY_ODS,
  commercial: ANY_ODS,
};

/** Codes are compared upper-case and without surrounding spaces. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Why `code` (already normalised) cannot belong to an organisation of `type`; null when it can. */
export function codeShapeProblem(type: OrganisationType, code: string): string | null {
  if (code === "") return "the organisation code is empty";
  const { pattern, described } = SHAPES[type];
  return pattern.test(code) ? null : `code "${code}" is not a valid ${type} code (expected ${described})`;
}

/** Why `code` cannot be a parent (commissioner) code at all; null when it can. */
export function parentCodeProblem(code: string): string | null {
  return ANY_ODS.pattern.test(code) ? null : `parent code "${code}" is not an ODS code (expected ${ANY_ODS.described})`;
}
