// The rules of issue "who may register and who may authorise", on the pure decision.
import { describe, expect, it } from "vitest";
import { AUTHORISER_ROLES, AUTHORISER_ROLE_LABELS, rolesNamedBy } from "../../src/directory/authoriser-roles.ts";
import { authoriserRoleChoices } from "../../src/forms/form-wording.ts";
import { FORM_IDS } from "../../src/forms/registration-form.ts";
import type { RegistrationForm } from "../../src/forms/registration-form.ts";
import { authoriserRoleFits } from "../../src/rules/checks/authoriser-role-fits.ts";
import { decide } from "../../src/rules/decide.ts";
import type { ReasonCode } from "../../src/rules/reasons.ts";
import { directoryEntry, facts, gpForm, verifiedSender, type FactsOverrides } from "./facts-builder.ts";

function judge(form: RegistrationForm, overrides: FactsOverrides = {}) {
  const decision = decide(facts({ form: { kind: "read", form, path: "fields" }, ...overrides }));
  return { outcome: decision.outcome, codes: decision.findings.map((f): ReasonCode => f.code), findings: decision.findings };
}

function formFor(formId: RegistrationForm["formId"], code: string, role: string, extra: Partial<RegistrationForm> = {}): RegistrationForm {
  const base = gpForm();
  return {
    ...base,
    formId,
    organisation: { ...base.organisation, codes: [code] },
    authoriser: { ...base.authoriser!, role },
    ...extra,
  };
}

describe("organisations", () => {
  it("an unknown organisation code is rejected", () => {
    expect(judge(formFor("EPACT2-GP", "Z99999", "GP partner"))).toMatchObject({ outcome: "rejected", codes: ["ORGANISATION_UNKNOWN"] });
  });

  it("a closed organisation is rejected as unknown, saying it is closed", () => {
    const result = judge(gpForm(), {
      organisations: [{ code: "A81001", name: "Old Surgery", type: "gp-practice", parentCode: null, status: "closed" }],
    });
    expect(result.codes).toEqual(["ORGANISATION_UNKNOWN"]);
    expect(result.findings[0]?.detail).toBe("A81001 is closed");
  });

  it("every practice on a GP form must be known", () => {
    const form = gpForm({ organisation: { name: "Two", codes: ["A81001", "B00000"], type: "GP practice" } });
    expect(judge(form).findings[0]).toEqual({ code: "ORGANISATION_UNKNOWN", detail: "B00000 is not known" });
  });

  it("a PCN code on the GP form is the wrong form", () => {
    expect(judge(formFor("EPACT2-GP", "U12345", "GP partner")).codes).toContain("ORGANISATION_TYPE_MISMATCH");
  });

  it("a Health Innovation Network asking for Prescriber access is not eligible, in the page's words", () => {
    const result = judge(formFor("EPACT2-PRESCRIBER-PROVIDER", "HIN01", "Caldicott Guardian"), {
      organisations: [{ code: "HIN01", name: "HIN", type: "health-innovation-network", parentCode: null, status: "open" }],
      directory: [directoryEntry("caldicott-guardian", "HIN01")],
    });
    expect(result.codes).toEqual(["ORGANISATION_NOT_ELIGIBLE"]);
    expect(result.findings[0]?.detail).toContain("Health Innovation Networks: Default only.");
  });

  it("a sub-ICB location asking for Financial access is at a level Financial access does not offer", () => {
    const result = judge(formFor("EPACT2-FINANCIAL-ICB", "92G", "Deputy Director of Finance"), {
      directory: [directoryEntry("icb-finance-lead", "92G")],
    });
    expect(result.codes).toEqual(["ACCESS_LEVEL_NOT_ALLOWED"]);
  });
});

describe("justification", () => {
  const national = { code: "X26", name: "NHS England", type: "national" as const, parentCode: null, status: "open" as const };

  it("a national request without a justification is rejected", () => {
    const form = formFor("EPACT2-NATIONAL", "X26", "Caldicott Guardian", { justification: null });
    expect(judge(form, { organisations: [national], directory: [directoryEntry("caldicott-guardian", "X26")] })).toMatchObject({
      outcome: "rejected",
      codes: ["JUSTIFICATION_REQUIRED"],
    });
  });

  it("a justified national request is referred to the support team to judge", () => {
    const form = formFor("EPACT2-NATIONAL", "X26", "Caldicott Guardian", { justification: "National medicines optimisation analysis." });
    expect(judge(form, { organisations: [national], directory: [directoryEntry("caldicott-guardian", "X26")] })).toMatchObject({
      outcome: "flagged",
      codes: ["NATIONAL_ACCESS_REVIEW"],
    });
  });
});

describe("authoriser roles", () => {
  it("a Caldicott Guardian may not authorise Financial access, and the reply says so in the page's words", () => {
    const result = judge(formFor("EPACT2-FINANCIAL-ICB", "QHM", "Caldicott Guardian"), {
      directory: [directoryEntry("caldicott-guardian", "QHM")],
    });
    expect(result.codes).toEqual(["AUTHORISER_ROLE_INVALID"]);
    expect(result.findings[0]?.detail).toBe("Caldicott Guardians cannot authorise access to financial data.");
  });

  it("a practice manager may not authorise GP access", () => {
    const result = judge(formFor("EPACT2-GP", "A81001", "Practice manager"));
    expect(result.codes).toEqual(["AUTHORISER_ROLE_INVALID"]);
    expect(result.findings[0]?.detail).toMatch(/registered GP at your Practice/);
  });

  it("the PCN form needs the Clinical Director", () => {
    expect(judge(formFor("EPACT2-PCN", "U12345", "GP partner")).codes).toEqual(["AUTHORISER_ROLE_INVALID"]);
    const ok = judge(formFor("EPACT2-PCN", "U12345", "Clinical Director"), { directory: [directoryEntry("pcn-clinical-director", "U12345")] });
    expect(ok).toMatchObject({ outcome: "accepted", codes: [] });
  });

  const offered = FORM_IDS.flatMap((formId) => authoriserRoleChoices(formId).map((label) => [formId, label] as const));

  it.each(offered)("%s offers %s, a role the rules accept for its route", (formId, label) => {
    expect(authoriserRoleFits(facts({ form: { kind: "read", form: formFor(formId, "QHM", label), path: "fields" } }))).toBeNull();
  });

  it.each(AUTHORISER_ROLES)("the label offered for %s names that role and no other", (role) => {
    expect(rolesNamedBy(AUTHORISER_ROLE_LABELS[role])).toEqual([role]);
  });

  it("a nominated authoriser may authorise Prescriber access", () => {
    const result = judge(formFor("EPACT2-PRESCRIBER-ICB", "QHM", "Nominated authoriser"), {
      directory: [directoryEntry("nominated-authoriser", "QHM")],
    });
    expect(result).toMatchObject({ outcome: "accepted", codes: [] });
  });
});

describe("authoriser directory", () => {
  it("a verified authoriser who is not in the directory is referred, not rejected", () => {
    expect(judge(gpForm(), { directory: [] })).toMatchObject({ outcome: "flagged", codes: ["AUTHORISER_NOT_RECOGNISED"] });
  });

  it("a directory entry for another organisation does not count", () => {
    expect(judge(gpForm(), { directory: [directoryEntry("gp", "A81002")] }).codes).toEqual(["AUTHORISER_NOT_RECOGNISED"]);
  });

  it("a directory entry with another role does not count", () => {
    expect(judge(gpForm(), { directory: [directoryEntry("caldicott-guardian", "A81001")] }).codes).toEqual([
      "AUTHORISER_NOT_RECOGNISED",
    ]);
  });

  it("an entry counts up to and including its last day, not after", () => {
    const directory = [directoryEntry("gp", "A81001", "2026-11-26")];
    expect(judge(gpForm(), { directory, receivedOn: "2026-11-26" }).codes).toEqual([]);
    expect(judge(gpForm(), { directory, receivedOn: "2026-11-27" }).codes).toEqual(["AUTHORISER_NOT_RECOGNISED"]);
  });

  it("an entry does not count before its first day", () => {
    expect(judge(gpForm(), { receivedOn: "2025-12-31" }).codes).toEqual(["AUTHORISER_NOT_RECOGNISED"]);
  });

  it("a form already rejected is not also referred", () => {
    const form = formFor("EPACT2-GP", "A81001", "Practice manager");
    expect(judge(form, { directory: [] })).toMatchObject({ outcome: "rejected", codes: ["AUTHORISER_ROLE_INVALID"] });
  });
});

describe("sender and applicant domains", () => {
  it("a GP may return the form from the practice's registered domain", () => {
    const form = gpForm({ authoriser: { ...gpForm().authoriser!, email: "dr.bob@riverside-surgery.co.uk" } });
    const sender = verifiedSender("dr.bob@riverside-surgery.co.uk");
    expect(judge(form, { sender, organisationDomains: ["riverside-surgery.co.uk"] }).codes).toEqual([]);
    expect(judge(form, { sender, organisationDomains: [] }).codes).toEqual(["SENDER_DOMAIN_NOT_ALLOWED"]);
  });

  it("a practice domain does not open Prescriber forms", () => {
    const form = formFor("EPACT2-PRESCRIBER-ICB", "QHM", "Caldicott Guardian", {
      authoriser: { ...gpForm().authoriser!, role: "Caldicott Guardian", email: "cg@qhm-icb.example.org" },
    });
    const result = judge(form, {
      sender: verifiedSender("cg@qhm-icb.example.org"),
      organisationDomains: ["qhm-icb.example.org"],
      directory: [directoryEntry("caldicott-guardian", "QHM")],
    });
    expect(result.codes).toEqual(["SENDER_DOMAIN_NOT_ALLOWED"]);
  });

  it("an applicant outside nhs.net and approved domains is rejected", () => {
    const form = gpForm({ applicant: { ...gpForm().applicant, email: "alice@gmail.com" } });
    expect(judge(form).codes).toEqual(["APPLICANT_DOMAIN_NOT_ALLOWED"]);
  });
});
