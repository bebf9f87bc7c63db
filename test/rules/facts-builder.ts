// Facts for the pure decision, built the way the intake would build them.
import type { AttachedForm } from "../../src/forms/attached-form.ts";
import type { RegistrationForm } from "../../src/forms/registration-form.ts";
import type { Facts } from "../../src/rules/facts.ts";
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

export function facts(overrides: { sender?: SenderEvidence; form?: AttachedForm; authorisedRequest?: { reference: string } | null } = {}): Facts {
  return {
    sender: overrides.sender ?? verifiedSender("bob.authoriser@nhs.net"),
    form: overrides.form ?? { kind: "read", form: gpForm(), path: "fields" },
    authorisedRequest: overrides.authorisedRequest ?? null,
    policy: { allowedSenderDomains: ["nhs.net"] },
  };
}
