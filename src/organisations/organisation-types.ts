// The kinds of organisation the registering page distinguishes. Imports map ODS data onto
// these; the eligibility table (ELIGIBILITY in src/rules/access-routes.ts) says what each
// may register for.

export const ORGANISATION_TYPES = [
  "gp-practice",
  "prescribing-cost-centre",
  "pcn",
  "icb",
  "sub-icb-location",
  "region",
  "nhs-trust",
  "independent-provider",
  "local-authority",
  "csu",
  "health-innovation-network",
  "national",
  "other-public-sector",
  "pharmacy",
  "commercial",
] as const;

export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ORGANISATION_TYPE_LABELS: Record<OrganisationType, string> = {
  "gp-practice": "GP practice",
  "prescribing-cost-centre": "prescribing cost centre",
  pcn: "Primary Care Network (PCN)",
  icb: "Integrated Care Board (ICB)",
  "sub-icb-location": "sub-ICB location",
  region: "NHS England region",
  "nhs-trust": "NHS trust",
  "independent-provider": "independent sector healthcare provider",
  "local-authority": "local authority",
  csu: "Commissioning Support Unit (CSU)",
  "health-innovation-network": "Health Innovation Network",
  national: "national-level organisation",
  "other-public-sector": "other public sector organisation",
  pharmacy: "pharmacy contractor",
  commercial: "commercial organisation",
};

export function isOrganisationType(value: string): value is OrganisationType {
  return (ORGANISATION_TYPES as readonly string[]).includes(value);
}

export const ORGANISATION_STATUSES = ["open", "closed"] as const;

export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

export interface Organisation {
  readonly code: string;
  readonly name: string;
  readonly type: OrganisationType;
  readonly parentCode: string | null;
  readonly status: OrganisationStatus;
}
