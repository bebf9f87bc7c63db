import { describe, expect, it } from "vitest";
import { decide, outcomeOf } from "../../src/rules/decide.ts";
import { REASONS, REASON_CODES, type ReasonCode } from "../../src/rules/reasons.ts";
import { defaultForm, facts, gpForm, humanMail, unverifiedSender, verifiedSender } from "./facts-builder.ts";

const codes = (f: Parameters<typeof decide>[0]): ReasonCode[] => decide(f).findings.map((x) => x.code);

describe("decide", () => {
  it("accepts a valid form returned by its verified nhs.net authoriser", () => {
    const decision = decide(facts());
    expect(decision.outcome).toBe("accepted");
    expect(decision.findings).toEqual([]);
    expect(decision.reachable).toEqual({ sender: "bob.authoriser@nhs.net", applicant: "alice.applicant@nhs.net" });
  });

  it("flags, and so never answers, a sender with no verification", () => {
    const decision = decide(facts({ sender: unverifiedSender("bob.authoriser@nhs.net") }));
    expect(decision.outcome).toBe("flagged");
    expect(codes(facts({ sender: unverifiedSender("bob.authoriser@nhs.net") }))).toEqual(["SENDER_UNVERIFIED"]);
    expect(decision.reachable).toEqual({ sender: null, applicant: null });
  });

  it("flags a message with no From address as unverified", () => {
    const sender = { from: null, fromProblem: "multiple" as const, verification: null, detail: "two From headers" };
    expect(codes(facts({ sender }))).toEqual(["SENDER_UNVERIFIED"]);
  });

  it("rejects a verified sender outside nhs.net", () => {
    const f = facts({ sender: verifiedSender("bob.authoriser@nhs.net.example.org") });
    expect(codes(f)).toEqual(["SENDER_DOMAIN_NOT_ALLOWED", "SENDER_NOT_AUTHORISER"]);
    expect(decide(f).outcome).toBe("rejected");
  });

  it("rejects a form sent by someone other than the named authoriser", () => {
    expect(codes(facts({ sender: verifiedSender("carol.colleague@nhs.net") }))).toEqual(["SENDER_NOT_AUTHORISER"]);
  });

  it("compares the sender with the authoriser case-insensitively", () => {
    expect(codes(facts({ sender: verifiedSender("Bob.Authoriser@NHS.net".toLowerCase()) }))).toEqual([]);
    const form = gpForm({ authoriser: { ...gpForm().authoriser!, email: "BOB.AUTHORISER@nhs.net" } });
    expect(codes(facts({ form: { kind: "read", form, path: "text" } }))).toEqual([]);
  });

  it.each([
    ["the same address", { email: "alice.applicant@nhs.net", name: "Someone Else" }],
    ["the same address in other case", { email: "Alice.Applicant@NHS.NET", name: "Someone Else" }],
    ["the address without dots", { email: "aliceapplicant@nhs.net", name: "Someone Else" }],
    ["the same name with a title", { email: "a.a2@nhs.net", name: "Dr Alice Applicant" }],
    ["the same name in other case and spacing", { email: "a.a2@nhs.net", name: "  alice   APPLICANT " }],
    ["the same name with dots and accents", { email: "a.a2@nhs.net", name: "Alicé. Applicant" }],
  ])("rejects self-authorisation: %s", (_label, who) => {
    const form = gpForm({ authoriser: { ...gpForm().authoriser!, ...who } });
    const f = facts({ sender: verifiedSender(who.email.toLowerCase()), form: { kind: "read", form, path: "fields" } });
    expect(codes(f)).toContain("SELF_AUTHORISATION");
    expect(decide(f).outcome).toBe("rejected");
  });

  it("accepts a Default Dashboard form sent by the applicant", () => {
    const f = facts({ sender: verifiedSender("alice.applicant@nhs.net"), form: { kind: "read", form: defaultForm(), path: "fields" } });
    expect(decide(f).outcome).toBe("accepted");
  });

  it("flags a Default Dashboard form sent by someone else", () => {
    const f = facts({ sender: verifiedSender("bob.authoriser@nhs.net"), form: { kind: "read", form: defaultForm(), path: "fields" } });
    expect(codes(f)).toEqual(["SENDER_NOT_APPLICANT"]);
    expect(decide(f).outcome).toBe("flagged");
  });

  it("calls a resend of an authorised request a duplicate", () => {
    const f = facts({ ownAcceptedRequest: { reference: "EP2-ABCDEFGH" } });
    expect(decide(f).findings).toEqual([{ code: "DUPLICATE_REQUEST", detail: "EP2-ABCDEFGH" }]);
    expect(decide(f).outcome).toBe("duplicate");
  });

  it.each([
    [{ kind: "none" } as const, "FORM_MISSING", "flagged"],
    [{ kind: "unreadable", problem: "encrypted", detail: "x" } as const, "FORM_UNREADABLE", "flagged"],
    [{ kind: "unreadable", problem: "too-large", detail: "x" } as const, "FORM_TOO_LARGE", "flagged"],
    [{ kind: "unknown", detail: "no form_id" } as const, "FORM_UNKNOWN", "rejected"],
    [{ kind: "several", formIds: ["EPACT2-GP", "EPACT2-PCN"] } as const, "FORM_MULTIPLE", "rejected"],
    [
      { kind: "invalid", formId: "EPACT2-GP", path: "fields", errors: [{ field: "applicant_email", label: "Applicant email", problem: "is required" }] } as const,
      "FORM_INVALID",
      "rejected",
    ],
    [
      {
        kind: "not-as-shown",
        formId: "EPACT2-GP",
        path: "text",
        problems: [{ field: "applicant_email", label: "Applicant email", problem: 'is read as "x@nhs.net", but the page shows "y@nhs.net"' }],
      } as const,
      "FORM_NOT_AS_SHOWN",
      "flagged",
    ],
  ])("reports a form problem (%o) as %s, %s", (form, code, outcome) => {
    const decision = decide(facts({ form }));
    expect(decision.findings.map((f) => f.code)).toEqual([code]);
    expect(decision.outcome).toBe(outcome);
  });

  it("names every invalid field by its label", () => {
    const form = {
      kind: "invalid",
      formId: "EPACT2-GP",
      path: "text",
      errors: [
        { field: "applicant_email", label: "Applicant email", problem: "is required" },
        { field: "authorisation_date", label: "Date of authorisation", problem: "must be a date" },
      ],
    } as const;
    expect(decide(facts({ form })).findings[0]?.detail).toBe("Applicant email is required; Date of authorisation must be a date");
  });

  it("names every field not as shown by its label, and judges nothing else of such a form", () => {
    const form = {
      kind: "not-as-shown",
      formId: "EPACT2-GP",
      path: "fields",
      problems: [
        { field: "applicant_email", label: "Applicant email", problem: "is hidden" },
        { field: "authoriser_declaration", label: "Authoriser declaration", problem: "shows no tick" },
      ],
    } as const;
    const decision = decide(facts({ form }));
    expect(decision.findings).toEqual([{ code: "FORM_NOT_AS_SHOWN", detail: "Applicant email is hidden; Authoriser declaration shows no tick" }]);
    expect(decision.form).toBeNull();
  });

  it("refers before it rejects: an unverified sender of a bad form gets no reply", () => {
    const f = facts({ sender: unverifiedSender("x@nhs.net"), form: { kind: "unknown", detail: "not ours" } });
    expect(decide(f).outcome).toBe("flagged");
  });
});

describe("reason codes", () => {
  it("every code has an outcome and a sentence", () => {
    for (const code of REASON_CODES) {
      expect(["accepted", "rejected", "flagged", "ignored", "duplicate"]).toContain(REASONS[code].outcome);
      expect(REASONS[code].sentence.length).toBeGreaterThan(20);
    }
  });

  it("the most severe outcome wins", () => {
    expect(outcomeOf([{ code: "DUPLICATE_REQUEST" }, { code: "SELF_AUTHORISATION" }])).toBe("rejected");
    expect(outcomeOf([{ code: "SELF_AUTHORISATION" }, { code: "SENDER_UNVERIFIED" }])).toBe("flagged");
    expect(outcomeOf([])).toBe("accepted");
  });
});

describe("duplicates", () => {
  it("a form that fails another rule is not called a duplicate, so its sender learns nothing of earlier requests", () => {
    const f = facts({ sender: verifiedSender("carol.colleague@nhs.net"), ownAcceptedRequest: { reference: "EP2-ABCDEFGH" } });
    expect(decide(f).findings.map((x) => x.code)).toEqual(["SENDER_NOT_AUTHORISER"]);
  });
});

describe("automatic mail", () => {
  it("our own message back is only OWN_MESSAGE, whatever else it carries", () => {
    const decision = decide({ ...facts({ sender: unverifiedSender("x@nhs.net") }), ownMessage: true, automatic: humanMail({ autoSubmitted: "auto-replied" }) });
    expect(decision).toMatchObject({ outcome: "ignored", findings: [{ code: "OWN_MESSAGE" }], form: null });
  });

  it.each([
    [{ autoSubmitted: "auto-generated" }, "AUTO_REPLY"],
    [{ autoSubmitted: "no" }, null],
    [{ precedence: "junk" }, "AUTO_REPLY"],
    [{ precedence: "first-class" }, null],
    [{ subject: "Out of Office: back Monday" }, "AUTO_REPLY"],
    [{ subject: "Automatic reply: ePACT2" }, "AUTO_REPLY"],
    [{ fromMailSystem: true }, "BOUNCE"],
    [{ report: "delivery-status" as const }, "BOUNCE"],
    [{ report: "other" as const }, "AUTO_REPLY"],
  ])("signals %o give %s", (signals, code) => {
    const decision = decide({ ...facts(), automatic: humanMail(signals) });
    expect(decision.findings[0]?.code ?? null).toBe(code);
  });
});
