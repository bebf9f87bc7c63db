import { describe, expect, it } from "vitest";
import { isoDate, validateForm } from "../../src/forms/form-schema.ts";
import type { RawFormValues } from "../../src/forms/form-schema.ts";
import { sampleValues } from "../../src/forms/sample-values.ts";
import type { FormValues } from "../../src/forms/sample-values.ts";
import type { FieldError, FormId, RegistrationForm } from "../../src/forms/registration-form.ts";

function valid(formId: FormId, overrides: FormValues = {}): RegistrationForm {
  const result = validateForm(formId, sampleValues(formId, overrides));
  if (!result.ok) throw new Error(`expected a valid form, got ${JSON.stringify(result.errors)}`);
  return result.form;
}

function errors(formId: FormId, raw: RawFormValues): readonly FieldError[] {
  const result = validateForm(formId, raw);
  return result.ok ? [] : result.errors;
}

function problemOf(formId: FormId, overrides: FormValues): string | undefined {
  const [field] = Object.keys(overrides);
  return errors(formId, sampleValues(formId, overrides)).find((error) => error.field === field)?.problem;
}

describe("a valid form", () => {
  it("becomes a RegistrationForm", () => {
    expect(valid("EPACT2-GP")).toEqual({
      formId: "EPACT2-GP",
      formVersion: "1",
      applicant: {
        firstName: "Alice",
        lastName: "Applicant",
        email: "alice.applicant@nhs.net",
        jobTitle: "Prescribing Analyst",
        phone: "0113 496 0000",
      },
      organisation: { name: "Example Medical Practice", codes: ["A81001"], type: "GP practice / cost centre" },
      createAnalysis: false,
      justification: null,
      authoriser: {
        name: "Dr Bob Authoriser",
        email: "bob.authoriser@nhs.net",
        role: "GP Partner",
        phone: "0113 496 0001",
        date: "2025-03-14",
      },
    });
  });

  it("has no authoriser on the Default form, and may ask for Create Analysis there", () => {
    const form = valid("EPACT2-DEFAULT");
    expect(form.authoriser).toBeNull();
    expect(form.createAnalysis).toBe(true);
  });

  it("ignores fields the form does not have", () => {
    const form = valid("EPACT2-GP", {});
    const withStrays = validateForm("EPACT2-GP", { ...sampleValues("EPACT2-GP"), create_analysis: true, justification: "x", other: "y" });
    expect(withStrays).toEqual({ ok: true, form });
  });
});

describe("normalisation", () => {
  it("trims values and collapses runs of spaces", () => {
    const form = valid("EPACT2-GP", { applicant_first_name: "  Alice  ", authoriser_name: "Dr   Bob  Authoriser " });
    expect(form.applicant.firstName).toBe("Alice");
    expect(form.authoriser?.name).toBe("Dr Bob Authoriser");
  });

  it("lower-cases email addresses", () => {
    expect(valid("EPACT2-GP", { applicant_email: " Alice.Applicant@NHS.NET " }).applicant.email).toBe("alice.applicant@nhs.net");
  });

  it("reads email addresses exactly as a sender's From address is read", () => {
    const form = valid("EPACT2-GP", { applicant_email: "Alice.Applicant+ePACT2@nhs.net", authoriser_email: "o'brien@Bücher.example" });
    expect(form.applicant.email).toBe("alice.applicant+epact2@nhs.net");
    expect(form.authoriser?.email).toBe("o'brien@xn--bcher-kva.example");
  });

  it("upper-cases organisation codes", () => {
    expect(valid("EPACT2-PRESCRIBER-SICBL", { organisation_code: "92g" }).organisation.codes).toEqual(["92G"]);
  });

  it("splits GP practice codes on commas, dropping blanks and repeats", () => {
    expect(valid("EPACT2-GP", { organisation_code: "A81001, a81002,A81001," }).organisation.codes).toEqual(["A81001", "A81002"]);
  });

  it("treats empty and blank optional fields as missing", () => {
    expect(valid("EPACT2-GP", { applicant_phone: "   " }).applicant.phone).toBeNull();
    expect(valid("EPACT2-GP", { authoriser_phone: undefined }).authoriser?.phone).toBeNull();
  });

  it("outputs dates as yyyy-mm-dd from either accepted form", () => {
    expect(valid("EPACT2-PCN", { authorisation_date: "2025-03-14" }).authoriser?.date).toBe("2025-03-14");
    expect(valid("EPACT2-PCN", { authorisation_date: "4/3/2025" }).authoriser?.date).toBe("2025-03-04");
  });

  it("keeps a justification as one paragraph", () => {
    expect(valid("EPACT2-NATIONAL", { justification: " Line one.\r\n\r\nLine   two. " }).justification).toBe("Line one. Line two.");
  });
});

describe("problems, in plain English", () => {
  it.each([
    [{ applicant_first_name: "" }, "is required"],
    [{ applicant_email: "alice.applicant" }, "is not a valid email address"],
    [{ authoriser_email: "bob@@nhs.net" }, "is not a valid email address"],
    [{ authoriser_email: '"bob.authoriser"@nhs.net' }, "is not a valid email address"],
    [{ authoriser_email: 'carol."bob.authoriser"@nhs.net' }, "is not a valid email address"],
    [{ authoriser_email: "bob.authoriser(x)@nhs.net" }, "is not a valid email address"],
    [{ authoriser_email: "Bob <bob.authoriser@nhs.net>" }, "is not a valid email address"],
    [{ authoriser_email: "bob.authoriser @nhs.net" }, "is not a valid email address"],
    [{ authoriser_email: "bób@nhs.net" }, "is not a valid email address"],
    [{ authoriser_email: "bob.@nhs.net" }, "is not a valid email address"],
    [{ applicant_email: "alice@nhs.net." }, "is not a valid email address"],
    [{ applicant_phone: "call me" }, "is not a valid phone number"],
    [{ applicant_declaration: false }, "must be ticked"],
    [{ authoriser_declaration: undefined }, "must be ticked"],
    [{ authorisation_date: "14 March 2025" }, "must be a date (dd/mm/yyyy or yyyy-mm-dd)"],
    [{ authorisation_date: "31/02/2025" }, "must be a date (dd/mm/yyyy or yyyy-mm-dd)"],
    [{ authorisation_date: "2025-13-01" }, "must be a date (dd/mm/yyyy or yyyy-mm-dd)"],
    [{ organisation_code: "A81001; A81002" }, "must be one or more organisation codes separated by commas"],
    [{ organisation_code: "A8" }, "must be one or more organisation codes separated by commas"],
    [{ organisation_code: ", ," }, "must be one or more organisation codes separated by commas"],
    [{ applicant_last_name: "x".repeat(101) }, "must be at most 100 characters"],
    [{ applicant_job_title: "Analyst\nand DBA" }, "must be a single line of text without control characters"],
    [{ authoriser_name: "Dr Bob\u202eAuthoriser" }, "must be a single line of text without control characters"],
    [{ form_id: "EPACT2-PCN" }, "must be EPACT2-GP"],
  ] as const)("%o → %s", (overrides, problem) => {
    expect(problemOf("EPACT2-GP", overrides)).toBe(problem);
  });

  it("accepts a name of exactly 100 characters", () => {
    expect(valid("EPACT2-GP", { applicant_last_name: "x".repeat(100) }).applicant.lastName).toHaveLength(100);
  });

  it("wants exactly one organisation code on forms for one organisation", () => {
    expect(problemOf("EPACT2-FINANCIAL-REGIONAL", { organisation_code: "Y56, Y58" })).toBe(
      "must be one organisation code of 3 to 6 letters or digits",
    );
  });

  it("limits a justification to 2000 characters", () => {
    expect(valid("EPACT2-CDAO", { justification: "y".repeat(2000) }).justification).toHaveLength(2000);
    expect(problemOf("EPACT2-CDAO", { justification: "y".repeat(2001) })).toBe("must be at most 2000 characters");
  });

  it("reports every problem at once, in form order, by label", () => {
    expect(errors("EPACT2-PCN", sampleValues("EPACT2-PCN", { authorisation_date: "yesterday", applicant_email: "nope", applicant_declaration: false }))).toEqual([
      { field: "applicant_email", label: "Applicant email", problem: "is not a valid email address" },
      { field: "applicant_declaration", label: "Applicant declaration", problem: "must be ticked" },
      { field: "authorisation_date", label: "Authorisation date", problem: "must be a date (dd/mm/yyyy or yyyy-mm-dd)" },
    ]);
  });

  it("reports one problem per field", () => {
    const found = errors("EPACT2-GP", sampleValues("EPACT2-GP", { applicant_email: `${"\u0007".repeat(300)}@` }));
    expect(found.filter((error) => error.field === "applicant_email")).toHaveLength(1);
  });

  it("says a text value where a tick box belongs is wrong, not ticked", () => {
    expect(validateForm("EPACT2-DEFAULT", { ...sampleValues("EPACT2-DEFAULT"), create_analysis: "perhaps" })).toMatchObject({
      ok: false,
      errors: [{ field: "create_analysis", problem: "must be a tick box" }],
    });
  });
});

describe("dates", () => {
  it.each([
    ["14/03/2025", "2025-03-14"],
    ["29/02/2024", "2024-02-29"],
    ["2024-02-29", "2024-02-29"],
    ["29/02/2025", null],
    ["2025-02-30", null],
    ["00/01/2025", null],
    ["14/03/1899", null],
    ["14-03-2025", null],
    ["2025-3-14", null],
  ])("%s → %s", (input, expected) => {
    expect(isoDate(input)).toBe(expected);
  });
});
