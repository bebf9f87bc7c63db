// Facts for the pure decision, built the way the intake would build them.
import type { AttachedForm } from "../../src/forms/attached-form.ts";
import type { RegistrationForm } from "../../src/forms/registration-form.ts";
import type { AutomaticSignals } from "../../src/message/automatic-mail.ts";
import type { Organisation } from "../../src/organisations/organisation-types.ts";
import type { DirectoryFact, Facts, Review } from "../../src/rules/facts.ts";
import type { SenderEvidence } from "../../src/sender/sender-evidence.ts";

export function gpForm(overrides: Partial<RegistrationForm> = {}): RegistrationForm {
  return {
    formId: "EPACT2-GP",
    formVersion: "1",
    applicant: {
      firstName: "Alice",
      lastName: "Applicant",
      email: "alice.applicant@nhs.net",
      jobTitle: "Practice pharmacist",
      phone: null,
    },
    organisation: { name: "Riverside Surgery", codes: ["A81001"], type: "GP practice" },
    createAnalysis: false,
    justification: null,
    authoriser: {
      name: "Dr Bob Authoriser",
      email: "bob.authoriser@nhs.net",
      role: "GP partner",
      phone: null,
      date: "2026-11-20",
    },
    ...overrides,
  };
}

export function defaultForm(): RegistrationForm {
  return { ...gpForm(), formId: "EPACT2-DEFAULT", authoriser: null, createAnalysis: true };
}

export function verifiedSender(address: string): SenderEvidence {
  const domain = address.split("@")[1] ?? "";
  return { from: { address, domain }, fromProblem: null, verification: { method: "dkim", signingDomain: domain }, detail: "dkim pass" };
}

export function unverifiedSender(address: string): SenderEvidence {
  const domain = address.split("@")[1] ?? "";
  return { from: { address, domain }, fromProblem: null, verification: null, detail: "no dkim signature" };
}

/** The organisations of the sample forms, all open. */
export const ORGANISATIONS: readonly Organisation[] = [
  { code: "A81001", name: "Riverside Surgery", type: "gp-practice", parentCode: "92G", status: "open" },
  { code: "A81002", name: "Hillside Surgery", type: "gp-practice", parentCode: "92G", status: "open" },
  { code: "U12345", name: "Riverside PCN", type: "pcn", parentCode: "92G", status: "open" },
  { code: "92G", name: "Riverside sub-ICB location", type: "sub-icb-location", parentCode: "QHM", status: "open" },
  { code: "QHM", name: "Riverside ICB", type: "icb", parentCode: "Y56", status: "open" },
  { code: "RXX", name: "Riverside Hospitals NHS Trust", type: "nhs-trust", parentCode: null, status: "open" },
  { code: "Y56", name: "North East and Yorkshire", type: "region", parentCode: null, status: "open" },
];

export function directoryEntry(role: DirectoryFact["role"], organisationCode: string, validTo: string | null = null): DirectoryFact {
  return { role, organisationCode, validFrom: "2026-01-01", validTo };
}

/** Header signals of an email a person wrote. */
export function humanMail(overrides: Partial<AutomaticSignals> = {}): AutomaticSignals {
  return {
    autoSubmitted: null,
    precedence: null,
    xLoop: [],
    autoResponseSuppress: false,
    mailingList: false,
    autoreplyHeader: false,
    report: null,
    subject: "ePACT2 registration form",
    fromLocalPart: "bob.authoriser",
    fromMailSystem: false,
    referencedIds: [],
    ...overrides,
  };
}

export interface FactsOverrides {
  automatic?: AutomaticSignals;
  ownMessage?: boolean;
  bouncedReply?: { reference: string | null } | null;
  sender?: SenderEvidence;
  form?: AttachedForm;
  ownAcceptedRequest?: { reference: string } | null;
  organisations?: readonly Organisation[];
  organisationDomains?: readonly string[];
  directory?: readonly DirectoryFact[];
  receivedOn?: string;
  review?: Review | null;
}

export function facts(overrides: FactsOverrides = {}): Facts {
  return {
    automatic: overrides.automatic ?? humanMail(),
    ownMessage: overrides.ownMessage ?? false,
    bouncedReply: overrides.bouncedReply ?? null,
    sender: overrides.sender ?? verifiedSender("bob.authoriser@nhs.net"),
    form: overrides.form ?? { kind: "read", form: gpForm(), path: "fields" },
    ownAcceptedRequest: overrides.ownAcceptedRequest ?? null,
    organisations: new Map((overrides.organisations ?? ORGANISATIONS).map((o) => [o.code, o])),
    organisationDomains: overrides.organisationDomains ?? [],
    directory: overrides.directory ?? [directoryEntry("gp", "A81001"), directoryEntry("gp", "A81002")],
    receivedOn: overrides.receivedOn ?? "2026-11-26",
    policy: { allowedSenderDomains: ["nhs.net"], applicantDomains: ["nhs.net"] },
    review: overrides.review ?? null,
  };
}
