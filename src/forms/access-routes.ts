// The registering page as tables: which access route each form is, which organisations a
// form is for, who may authorise it, and which organisations may register for what.
// Sentences in quotes are the page's own words; replies use them to name the rule.
import type { AuthoriserRole } from "../directory/authoriser-roles.ts";
import type { FormId } from "./registration-form.ts";
import type { OrganisationType } from "../organisations/organisation-types.ts";

export const ACCESS_ROUTES = ["default", "gp", "prescriber", "financial", "cdao", "national"] as const;
export type AccessRoute = (typeof ACCESS_ROUTES)[number];

export interface FormRoute {
  readonly route: AccessRoute;
  /** The organisation level of the form: the types of organisation it is for. */
  readonly organisationTypes: readonly OrganisationType[] | "any-eligible";
  /** Roles that may authorise it; empty when the form needs no authoriser. */
  readonly authoriserRoles: readonly AuthoriserRole[];
  /** Who authorises, in the page's words. */
  readonly authoriserRule: string;
  /** A justification is needed and a person reviews it. */
  readonly reviewed: boolean;
  /** The sender may also write from a domain registered for the organisation. */
  readonly practiceDomains: boolean;
}

const PRESCRIBER_AUTHORISERS: readonly AuthoriserRole[] = ["caldicott-guardian", "nominated-authoriser"];
const PRESCRIBER_RULE = "To access prescriber level data, you must be authorised by either your organisation's Caldicott Guardian or nominated authoriser.";
const PROVIDERS: readonly OrganisationType[] = ["nhs-trust", "independent-provider", "local-authority"];

export const FORM_ROUTES: Record<FormId, FormRoute> = {
  "EPACT2-DEFAULT": {
    route: "default",
    organisationTypes: "any-eligible",
    authoriserRoles: [],
    authoriserRule: "Default Dashboard Access needs no authoriser.",
    reviewed: false,
    practiceDomains: false,
  },
  "EPACT2-GP": {
    route: "gp",
    organisationTypes: ["gp-practice", "prescribing-cost-centre"],
    authoriserRoles: ["gp"],
    authoriserRule:
      "To gain access to this account type, you are required to gain authorisation from a registered GP at your Practice.",
    reviewed: false,
    practiceDomains: true,
  },
  "EPACT2-PCN": {
    route: "gp",
    organisationTypes: ["pcn"],
    authoriserRoles: ["pcn-clinical-director"],
    authoriserRule: "Primary Care Networks (PCN) users will require authorisation from the Clinical Director for the PCN.",
    reviewed: false,
    practiceDomains: true,
  },
  "EPACT2-PRESCRIBER-PROVIDER": {
    route: "prescriber",
    organisationTypes: [...PROVIDERS, "csu"],
    authoriserRoles: PRESCRIBER_AUTHORISERS,
    authoriserRule: PRESCRIBER_RULE,
    reviewed: false,
    practiceDomains: false,
  },
  "EPACT2-PRESCRIBER-SICBL": {
    route: "prescriber",
    organisationTypes: ["sub-icb-location"],
    authoriserRoles: PRESCRIBER_AUTHORISERS,
    authoriserRule: PRESCRIBER_RULE,
    reviewed: false,
    practiceDomains: false,
  },
  "EPACT2-PRESCRIBER-ICB": {
    route: "prescriber",
    organisationTypes: ["icb"],
    authoriserRoles: PRESCRIBER_AUTHORISERS,
    authoriserRule: PRESCRIBER_RULE,
    reviewed: false,
    practiceDomains: false,
  },
  "EPACT2-FINANCIAL-REGIONAL": {
    route: "financial",
    organisationTypes: ["region"],
    authoriserRoles: ["regional-director-of-finance"],
    authoriserRule: "To access financial data, you must be authorised by: Regional - Regional Director of Finance.",
    reviewed: false,
    practiceDomains: false,
  },
  "EPACT2-FINANCIAL-ICB": {
    route: "financial",
    organisationTypes: ["icb"],
    authoriserRoles: ["icb-finance-lead"],
    authoriserRule: "To access financial data, you must be authorised by: ICB - Deputy Director of Finance, or similar for the ICB.",
    reviewed: false,
    practiceDomains: false,
  },
  "EPACT2-FINANCIAL-PROVIDER": {
    route: "financial",
    organisationTypes: PROVIDERS,
    authoriserRoles: ["provider-finance-lead"],
    authoriserRule:
      "To access financial data, you must be authorised by: Provider or Trust - Head of Finance, or similar for the organisation.",
    reviewed: false,
    practiceDomains: false,
  },
  "EPACT2-CDAO": {
    route: "cdao",
    organisationTypes: ["icb", "region"],
    authoriserRoles: PRESCRIBER_AUTHORISERS,
    authoriserRule: PRESCRIBER_RULE,
    reviewed: true,
    practiceDomains: false,
  },
  "EPACT2-NATIONAL": {
    route: "national",
    organisationTypes: ["national"],
    authoriserRoles: PRESCRIBER_AUTHORISERS,
    authoriserRule: PRESCRIBER_RULE,
    reviewed: true,
    practiceDomains: false,
  },
};

interface Eligibility {
  readonly routes: readonly AccessRoute[];
  readonly rule: string;
}

// Lines of the page that cover two types of organisation each.
const PRIMARY_CARE_ORGANISATION: Eligibility = {
  routes: ["default", "prescriber", "financial"],
  rule: "Primary Care Organisations, which include Sub ICB Locations (SICBLs) and local authorities: Default, Prescriber and/or Financial.",
};
const PRACTICE_OR_COST_CENTRE: Eligibility = {
  routes: ["default", "gp"],
  rule: "GP practices and cost centres: Default or GP Access.",
};
const HEALTHCARE_PROVIDER: Eligibility = {
  routes: ["default", "prescriber", "financial"],
  rule: "Independent sector healthcare providers and hospital trust providers: Default, Prescriber and/or Financial.",
};
const NOT_AVAILABLE: Eligibility = {
  routes: [],
  rule: "Access to ePACT2 is not available to pharmacy contractors and commercial organisations.",
};

/** "Who can register?": each type of organisation and the routes open to it, with the page's line. */
export const ELIGIBILITY: Record<OrganisationType, Eligibility> = {
  icb: { routes: ["default", "prescriber", "financial", "cdao"], rule: "Integrated Care Boards (ICBs): Default, Prescriber and/or Financial (and CD Accountable Officer access)." },
  "sub-icb-location": PRIMARY_CARE_ORGANISATION,
  "local-authority": PRIMARY_CARE_ORGANISATION,
  "gp-practice": PRACTICE_OR_COST_CENTRE,
  "prescribing-cost-centre": PRACTICE_OR_COST_CENTRE,
  pcn: { routes: ["default", "gp"], rule: "Primary Care Networks (PCNs): Default Dashboard Access (with analysis) or GP Access." },
  "nhs-trust": HEALTHCARE_PROVIDER,
  "independent-provider": HEALTHCARE_PROVIDER,
  csu: { routes: ["default", "prescriber"], rule: "Commissioning Support Units (CSUs): Default or Prescriber." },
  "health-innovation-network": { routes: ["default"], rule: "Health Innovation Networks: Default only." },
  "other-public-sector": {
    routes: ["default"],
    rule: "Public sector and other organisations who need to monitor and manage prescribing data in primary care: Default only.",
  },
  region: {
    routes: ["default", "financial", "cdao"],
    rule: "NHS England regions: Default, Regional Financial access, and CD Accountable Officer access.",
  },
  national: {
    routes: ["default", "national"],
    rule: "National-level data is available to National-level organisations who can provide a valid reason/justification for requiring access to view the data.",
  },
  pharmacy: NOT_AVAILABLE,
  commercial: NOT_AVAILABLE,
};

function collectTypesOfRoute(route: AccessRoute): ReadonlySet<OrganisationType> {
  const types = new Set<OrganisationType>();
  for (const form of Object.values(FORM_ROUTES)) {
    if (form.route !== route) continue;
    if (form.organisationTypes === "any-eligible") {
      for (const [type, entry] of Object.entries(ELIGIBILITY)) if (entry.routes.includes(route)) types.add(type as OrganisationType);
    } else {
      for (const type of form.organisationTypes) types.add(type);
    }
  }
  return types;
}

// The tables are fixed, so each route's organisation types are worked out once, not per message.
const TYPES_OF_ROUTE = Object.fromEntries(ACCESS_ROUTES.map((route) => [route, collectTypesOfRoute(route)])) as Record<
  AccessRoute,
  ReadonlySet<OrganisationType>
>;

/** Every organisation type some form of this route is for. */
export function typesOfRoute(route: AccessRoute): ReadonlySet<OrganisationType> {
  return TYPES_OF_ROUTE[route];
}

export type FormFit = "fits" | "not-eligible" | "level-not-allowed" | "type-mismatch";

/**
 * Whether an organisation of this type may use this form: eligible for the route at all,
 * at a level the route offers, and on the form for that level.
 */
export function formFit(formId: FormId, type: OrganisationType): FormFit {
  const form = FORM_ROUTES[formId];
  if (!ELIGIBILITY[type].routes.includes(form.route)) return "not-eligible";
  if (!TYPES_OF_ROUTE[form.route].has(type)) return "level-not-allowed";
  if (form.organisationTypes !== "any-eligible" && !form.organisationTypes.includes(type)) return "type-mismatch";
  return "fits";
}
