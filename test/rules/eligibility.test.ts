// "Who can register?" and the organisation levels of the registering page, walked for
// every type of organisation against every form. The expectations are written out from
// the page, not derived from the code's tables.
import { describe, expect, it } from "vitest";
import { FORM_IDS, type FormId } from "../../src/forms/registration-form.ts";
import { ORGANISATION_TYPES, type OrganisationType } from "../../src/organisations/organisation-types.ts";
import { formFit, type FormFit } from "../../src/forms/access-routes.ts";

interface PageAnswer {
  readonly fits: readonly FormId[];
  readonly wrongForm?: readonly FormId[];
  readonly levelNotAllowed?: readonly FormId[];
}

const PROVIDER_LIKE: PageAnswer = {
  fits: ["EPACT2-DEFAULT", "EPACT2-PRESCRIBER-PROVIDER", "EPACT2-FINANCIAL-PROVIDER"],
  wrongForm: ["EPACT2-PRESCRIBER-SICBL", "EPACT2-PRESCRIBER-ICB", "EPACT2-FINANCIAL-REGIONAL", "EPACT2-FINANCIAL-ICB"],
};
const PRACTICE: PageAnswer = { fits: ["EPACT2-DEFAULT", "EPACT2-GP"], wrongForm: ["EPACT2-PCN"] };
const DEFAULT_ONLY: PageAnswer = { fits: ["EPACT2-DEFAULT"] };
const NOTHING: PageAnswer = { fits: [] };

const PAGE: Record<OrganisationType, PageAnswer> = {
  // "Integrated Care Boards (ICBs) - Default, Prescriber and/or Financial"; ICB CD Accountable Officers
  icb: {
    fits: ["EPACT2-DEFAULT", "EPACT2-PRESCRIBER-ICB", "EPACT2-FINANCIAL-ICB", "EPACT2-CDAO"],
    wrongForm: ["EPACT2-PRESCRIBER-PROVIDER", "EPACT2-PRESCRIBER-SICBL", "EPACT2-FINANCIAL-REGIONAL", "EPACT2-FINANCIAL-PROVIDER"],
  },
  // "Sub ICB Locations - Default, Prescriber and/or Financial", but Financial has no SICBL level
  "sub-icb-location": {
    fits: ["EPACT2-DEFAULT", "EPACT2-PRESCRIBER-SICBL"],
    wrongForm: ["EPACT2-PRESCRIBER-PROVIDER", "EPACT2-PRESCRIBER-ICB"],
    levelNotAllowed: ["EPACT2-FINANCIAL-REGIONAL", "EPACT2-FINANCIAL-ICB", "EPACT2-FINANCIAL-PROVIDER"],
  },
  // local authorities are Providers for Prescriber access ("ISHPs, Local Authorities, and Hospital Trusts")
  "local-authority": PROVIDER_LIKE,
  "gp-practice": PRACTICE,
  "prescribing-cost-centre": PRACTICE,
  pcn: { fits: ["EPACT2-DEFAULT", "EPACT2-PCN"], wrongForm: ["EPACT2-GP"] },
  "nhs-trust": PROVIDER_LIKE,
  "independent-provider": PROVIDER_LIKE,
  // "Commissioning Support Units (CSUs) - Default or Prescriber"
  csu: { fits: ["EPACT2-DEFAULT", "EPACT2-PRESCRIBER-PROVIDER"], wrongForm: ["EPACT2-PRESCRIBER-SICBL", "EPACT2-PRESCRIBER-ICB"] },
  "health-innovation-network": DEFAULT_ONLY,
  "other-public-sector": DEFAULT_ONLY,
  // Regional Financial access; NHS England CD Accountable Officers
  region: {
    fits: ["EPACT2-DEFAULT", "EPACT2-FINANCIAL-REGIONAL", "EPACT2-CDAO"],
    wrongForm: ["EPACT2-FINANCIAL-ICB", "EPACT2-FINANCIAL-PROVIDER"],
  },
  national: { fits: ["EPACT2-DEFAULT", "EPACT2-NATIONAL"] },
  // "Access to ePACT2 is not available to pharmacy contractors and commercial organisations."
  pharmacy: NOTHING,
  commercial: NOTHING,
};

function expected(type: OrganisationType, formId: FormId): FormFit {
  const answer = PAGE[type];
  if (answer.fits.includes(formId)) return "fits";
  if (answer.wrongForm?.includes(formId)) return "type-mismatch";
  if (answer.levelNotAllowed?.includes(formId)) return "level-not-allowed";
  return "not-eligible";
}

describe("who can register, for which form", () => {
  const cases = ORGANISATION_TYPES.flatMap((type) => FORM_IDS.map((formId) => [type, formId, expected(type, formId)] as const));

  it("covers every type against every form", () => {
    expect(cases).toHaveLength(ORGANISATION_TYPES.length * FORM_IDS.length);
  });

  it.each(cases)("%s on %s: %s", (type, formId, answer) => {
    expect(formFit(formId, type)).toBe(answer);
  });
});
