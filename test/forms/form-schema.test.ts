import { describe, expect, it } from "vitest";
import { FIELDS, formDefinition } from "../../src/forms/definitions.ts";
import { isoDate, validateForm } from "../../src/forms/form-schema.ts";
import type { RawFormValues } from "../../src/forms/form-schema.ts";
import { sampleValues } from "../../fixtures/sample-values.ts";
import type { FormValues } from "../../src/forms/generate-form.ts";
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
        role: "Registered GP at the practice",
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
    [{ authoriser_name: "Dr Bob\u202eAuthoriser" }, "must not contain invisible or direction-changing characters"],
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

const INVISIBLE_PROBLEM = "must not contain invisible or direction-changing characters";
const CONTROL_PROBLEM = "must be a single line of text without control characters";
const NO_GLYPH_PROBLEM = "must not contain private-use or unassigned characters";
const MIXED_PROBLEM = "must not mix letters from different alphabets";

describe("characters that make a value read as something else", () => {
  it.each([
    ["soft hyphen", "\u00ad"],
    ["zero-width space", "\u200b"],
    ["zero-width non-joiner", "\u200c"],
    ["zero-width joiner", "\u200d"],
    ["word joiner", "\u2060"],
    ["invisible plus", "\u2064"],
    ["byte order mark", "\ufeff"],
    ["Hangul filler", "\u3164"],
    ["Hangul choseong filler", "\u115f"],
    ["Hangul jungseong filler", "\u1160"],
    ["halfwidth Hangul filler", "\uffa0"],
    ["variation selector 16", "\ufe0f"],
    ["variation selector 17", "\u{e0100}"],
    ["combining grapheme joiner", "\u034f"],
    ["Mongolian vowel separator", "\u180e"],
    ["tag letter", "\u{e0041}"],
    ["blank Braille pattern", "\u2800"],
    ["Arabic letter mark", "\u061c"],
    ["left-to-right mark", "\u200e"],
    ["right-to-left mark", "\u200f"],
    ["left-to-right embedding", "\u202a"],
    ["right-to-left embedding", "\u202b"],
    ["pop directional formatting", "\u202c"],
    ["left-to-right override", "\u202d"],
    ["right-to-left override", "\u202e"],
    ["left-to-right isolate", "\u2066"],
    ["right-to-left isolate", "\u2067"],
    ["first strong isolate", "\u2068"],
    ["pop directional isolate", "\u2069"],
  ])("refuses a name with a %s, as invisible or direction-changing", (_name, char) => {
    expect(problemOf("EPACT2-GP", { authoriser_name: `Dr Bob${char}Authoriser` })).toBe(INVISIBLE_PROBLEM);
  });

  it("refuses a byte order mark at the end of a value instead of trimming it away", () => {
    expect(problemOf("EPACT2-GP", { applicant_first_name: "Alice\ufeff" })).toBe(INVISIBLE_PROBLEM);
  });

  it.each([
    ["a null", "\u0000"],
    ["a bell", "\u0007"],
    ["an escape", "\u001b"],
    ["a tab", "\t"],
    ["a line feed", "\n"],
    ["a delete", "\u007f"],
    ["a next line (C1)", "\u0085"],
    ["a control sequence introducer (C1)", "\u009b"],
    ["a line separator", "\u2028"],
    ["a paragraph separator", "\u2029"],
  ])("refuses a name with %s, as a control character", (_name, char) => {
    expect(problemOf("EPACT2-GP", { applicant_last_name: `App${char}licant` })).toBe(CONTROL_PROBLEM);
  });

  it.each([
    ["a private-use character", "\ue000"],
    ["a supplementary private-use character", "\u{10fffd}"],
    ["a noncharacter", "\uffff"],
    ["an unassigned code point", "\u0378"],
    ["a lone surrogate", "\ud800"],
  ])("refuses a name with %s, which has no agreed appearance", (_name, char) => {
    expect(problemOf("EPACT2-GP", { applicant_first_name: `Al${char}ice` })).toBe(NO_GLYPH_PROBLEM);
  });

  it("refuses an invisible character in every single-line text field, naming it by its label", () => {
    const definition = formDefinition("EPACT2-GP");
    const textFields = definition.fields.filter((name) => FIELDS[name].kind === "text" && !FIELDS[name].readOnly);
    for (const name of textFields) {
      const value = sampleValues("EPACT2-GP")[name];
      if (typeof value !== "string") throw new Error(`no sample value for ${name}`);
      const found = errors("EPACT2-GP", sampleValues("EPACT2-GP", { [name]: `${value.slice(0, 2)}\u200b${value.slice(2)}` }));
      expect(found, name).toEqual([{ field: name, label: FIELDS[name].label, problem: INVISIBLE_PROBLEM }]);
    }
  });

  it("keeps ordinary line breaks, tabs and spaces in a justification", () => {
    const justification = "First line,\r\nsecond\tline\nand a third.";
    expect(valid("EPACT2-NATIONAL", { justification }).justification).toBe("First line, second line and a third.");
  });

  it.each([
    ["a right-to-left override", "\u202e", INVISIBLE_PROBLEM],
    ["a zero-width space", "\u200b", INVISIBLE_PROBLEM],
    ["a bell", "\u0007", "must not contain control characters"],
    ["a line separator", "\u2028", "must not contain control characters"],
    ["a private-use character", "\ue000", NO_GLYPH_PROBLEM],
  ])("refuses a justification with %s", (_name, char, problem) => {
    expect(problemOf("EPACT2-NATIONAL", { justification: `We need national data${char} for a report.` })).toBe(problem);
  });

  it.each([
    ["applicant_first_name", "\u0410lice"],
    ["applicant_last_name", "Appli\u0441ant"],
    ["authoriser_name", "Dr B\u03bfb Authoriser"],
  ] as const)("refuses %s with a word mixing Latin with Cyrillic or Greek", (field, value) => {
    expect(problemOf("EPACT2-GP", { [field]: value })).toBe(MIXED_PROBLEM);
  });

  it.each([
    ["a Cyrillic name", "\u0411\u043e\u0440\u0438\u0441 \u041f\u0435\u0442\u0440\u043e\u0432"],
    ["a Greek name", "\u0396\u03c9\u03ae"],
    ["words in different alphabets", "Boris \u041f\u0435\u0442\u0440\u043e\u0432"],
    ["accents and an apostrophe", "Zo\u00eb O\u2019Brien-\u0141ukasz"],
    ["combining accents", "Jose\u0301"],
    ["Kanji with Kana", "\u3055\u304f\u3089\u5b50"],
    ["Hangul", "\uae40\ubbfc\uc900"],
  ])("accepts a name in one alphabet per word: %s", (_name, value) => {
    expect(valid("EPACT2-GP", { authoriser_name: value }).authoriser?.name).toBe(value);
  });

  it("reports each field's character problem at once, by label", () => {
    const raw = sampleValues("EPACT2-GP", {
      applicant_first_name: "Alice\u202e",
      applicant_last_name: "\u0410pplicant",
      authoriser_name: "Dr Bob\u00adAuthoriser",
      authoriser_role: "GP\u0007Partner",
    });
    expect(errors("EPACT2-GP", raw)).toEqual([
      { field: "applicant_first_name", label: "Applicant first name", problem: INVISIBLE_PROBLEM },
      { field: "applicant_last_name", label: "Applicant last name", problem: MIXED_PROBLEM },
      { field: "authoriser_name", label: "Authoriser name", problem: INVISIBLE_PROBLEM },
      { field: "authoriser_role", label: "Authoriser role", problem: CONTROL_PROBLEM },
    ]);
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
