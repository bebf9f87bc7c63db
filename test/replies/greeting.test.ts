// An email greets its recipient by the name the form gives that address, and otherwise says
// "Hello,": never by a name the form gives someone else.
import { describe, expect, it } from "vitest";
import { greetingFor } from "../../src/replies/greeting.ts";
import { defaultForm, gpForm } from "../rules/facts-builder.ts";

describe("greetingFor", () => {
  it("greets the authoriser's address by the authoriser's name", () => {
    expect(greetingFor("bob.authoriser@nhs.net", gpForm())).toBe("Dear Dr Bob Authoriser,");
  });

  it("greets the applicant's address by the applicant's first and last name", () => {
    expect(greetingFor("alice.applicant@nhs.net", gpForm())).toBe("Dear Alice Applicant,");
  });

  it("matches the address in any case", () => {
    expect(greetingFor("Bob.Authoriser@NHS.net", gpForm())).toBe("Dear Dr Bob Authoriser,");
  });

  it("says Hello to an address the form does not name", () => {
    expect(greetingFor("carol.colleague@nhs.net", gpForm())).toBe("Hello,");
  });

  it("says Hello when no form was read", () => {
    expect(greetingFor("bob.authoriser@nhs.net", null)).toBe("Hello,");
  });

  it("greets the applicant of a form without an authoriser", () => {
    expect(greetingFor("alice.applicant@nhs.net", defaultForm())).toBe("Dear Alice Applicant,");
  });

  it("uses the authoriser's name when one address is both authoriser and applicant", () => {
    const form = gpForm({ authoriser: { ...gpForm().authoriser!, email: "alice.applicant@nhs.net", name: "A. Applicant" } });
    expect(greetingFor("alice.applicant@nhs.net", form)).toBe("Dear A. Applicant,");
  });

  it("collapses the whitespace of a name, and says Hello for a blank one", () => {
    const spaced = gpForm({ authoriser: { ...gpForm().authoriser!, name: "  Dr \t Bob   Authoriser " } });
    expect(greetingFor("bob.authoriser@nhs.net", spaced)).toBe("Dear Dr Bob Authoriser,");
    const blank = gpForm({ authoriser: { ...gpForm().authoriser!, name: "   " } });
    expect(greetingFor("bob.authoriser@nhs.net", blank)).toBe("Hello,");
  });
});
