// Who a decision may write to: the verified sender, and the applicant only when the sender
// passed every sender check and the applicant's address passes the applicant-domain rule.
import { describe, expect, it } from "vitest";
import { reachable } from "../../src/rules/reachable.ts";
import { defaultForm, facts, gpForm, unverifiedSender, verifiedSender } from "./facts-builder.ts";

const read = (form: ReturnType<typeof gpForm>) => ({ kind: "read" as const, form, path: "fields" as const });

describe("who may be written to", () => {
  it("the verified authoriser named on the form, and the applicant", () => {
    expect(reachable(facts())).toEqual({ sender: "bob.authoriser@nhs.net", applicant: "alice.applicant@nhs.net" });
  });

  it("nobody when the sender is not verified", () => {
    expect(reachable(facts({ sender: unverifiedSender("bob.authoriser@nhs.net") }))).toEqual({ sender: null, applicant: null });
  });

  it("only the sender when it is verified at a domain senders may not write from", () => {
    const f = facts({ sender: verifiedSender("bob@freemail.example"), form: read(gpForm({ authoriser: { ...gpForm().authoriser!, email: "bob@freemail.example" } })) });
    expect(reachable(f)).toEqual({ sender: "bob@freemail.example", applicant: null });
  });

  it("only the sender when it is not the authoriser named on the form", () => {
    expect(reachable(facts({ sender: verifiedSender("mallory@nhs.net") }))).toEqual({ sender: "mallory@nhs.net", applicant: null });
  });

  it("only the sender when the applicant's address is outside the applicant domains", () => {
    const form = gpForm({ applicant: { ...gpForm().applicant, email: "alice@freemail.example" } });
    expect(reachable(facts({ form: read(form) }))).toEqual({ sender: "bob.authoriser@nhs.net", applicant: null });
  });

  it("the applicant at the organisation's own registered domain", () => {
    const form = gpForm({ applicant: { ...gpForm().applicant, email: "alice@riverside.example" } });
    expect(reachable(facts({ form: read(form), organisationDomains: ["riverside.example"] })).applicant).toBe("alice@riverside.example");
  });

  it("a Default Dashboard form: the applicant only when the applicant sent it", () => {
    expect(reachable(facts({ sender: verifiedSender("alice.applicant@nhs.net"), form: read(defaultForm()) }))).toEqual({
      sender: "alice.applicant@nhs.net",
      applicant: "alice.applicant@nhs.net",
    });
    expect(reachable(facts({ sender: verifiedSender("bob.authoriser@nhs.net"), form: read(defaultForm()) })).applicant).toBeNull();
  });

  it("only the sender when there is no valid form", () => {
    expect(reachable(facts({ form: { kind: "none" } }))).toEqual({ sender: "bob.authoriser@nhs.net", applicant: null });
  });
});
