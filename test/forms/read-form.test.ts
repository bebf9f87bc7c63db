import { describe, expect, it } from "vitest";
import { FORM_DEFINITIONS } from "../../src/forms/definitions.ts";
import { authoriserRoleChoices } from "../../src/forms/form-wording.ts";
import { fillForm, generateBlankForm } from "../../src/forms/generate-form.ts";
import { SAMPLE_PRINTING, sampleValues } from "../../fixtures/sample-values.ts";
import { readRegistrationForm } from "../../src/forms/read-form.ts";
import { FORM_IDS } from "../../src/forms/registration-form.ts";
import type { FormId, FormReading, RegistrationForm } from "../../src/forms/registration-form.ts";
import { encryptPdf } from "./support/encrypt-pdf.ts";
import { withCheckboxOnState, withChoiceExportValues, withNestedFields } from "./support/other-pdfs.ts";

const OPTIONS = { maxBytes: 10 * 1024 * 1024 };

/** What the sample values of a form must read as, written out by hand rather than through the schema. */
function expectedForm(formId: FormId): RegistrationForm {
  const values = sampleValues(formId);
  const definition = FORM_DEFINITIONS[formId];
  return {
    formId,
    formVersion: "1",
    applicant: {
      firstName: "Alice",
      lastName: "Applicant",
      email: "alice.applicant@nhs.net",
      jobTitle: "Prescribing Analyst",
      phone: "0113 496 0000",
    },
    organisation: {
      name: String(values.organisation_name),
      codes: [String(values.organisation_code)],
      type: String(values.organisation_type),
    },
    createAnalysis: formId === "EPACT2-DEFAULT",
    justification: definition.fields.includes("justification") ? String(values.justification) : null,
    authoriser:
      formId === "EPACT2-DEFAULT"
        ? null
        : {
            name: "Dr Bob Authoriser",
            email: "bob.authoriser@nhs.net",
            role: String(values.authoriser_role),
            phone: "0113 496 0001",
            date: "2025-03-14",
          },
  };
}

function formOf(reading: FormReading): RegistrationForm {
  if (reading.kind !== "read") throw new Error(`expected a form, got ${JSON.stringify(reading)}`);
  return reading.form;
}

describe("reading each form", () => {
  for (const formId of FORM_IDS) {
    it(`${formId}: a filled fillable form is read from its fields`, async () => {
      const reading = await readRegistrationForm(await fillForm(formId, sampleValues(formId)), OPTIONS);
      expect(reading).toEqual({ kind: "read", path: "fields", form: expectedForm(formId) });
    });

    it(`${formId}: a filled then flattened form is read from its text`, async () => {
      const reading = await readRegistrationForm(await fillForm(formId, sampleValues(formId), { flatten: true }), OPTIONS);
      expect(reading).toEqual({ kind: "read", path: "text", form: expectedForm(formId) });
    });
  }
});

describe("blank forms", () => {
  it.each(FORM_IDS)("%s blank is read as ours and as shown, only missing what a person must fill in", async (formId) => {
    const reading = await readRegistrationForm(await generateBlankForm(formId, SAMPLE_PRINTING), OPTIONS);
    expect(reading).toMatchObject({ kind: "invalid", formId, path: "fields" });
  });
});

describe("fields in any order, from any producer", () => {
  it("reads fields created in reverse order", async () => {
    const bytes = await fillForm("EPACT2-FINANCIAL-ICB", sampleValues("EPACT2-FINANCIAL-ICB"), { fieldOrder: "reversed" });
    expect(await readRegistrationForm(bytes, OPTIONS)).toEqual({ kind: "read", path: "fields", form: expectedForm("EPACT2-FINANCIAL-ICB") });
  });

  it("reads a flattened copy of fields created in reverse order", async () => {
    const bytes = await fillForm("EPACT2-NATIONAL", sampleValues("EPACT2-NATIONAL"), { fieldOrder: "reversed", flatten: true });
    expect(await readRegistrationForm(bytes, OPTIONS)).toEqual({ kind: "read", path: "text", form: expectedForm("EPACT2-NATIONAL") });
  });

  it("counts a checkbox whose on-state is named On as ticked", async () => {
    const bytes = await withCheckboxOnState(await fillForm("EPACT2-DEFAULT", sampleValues("EPACT2-DEFAULT")), "On");
    const form = formOf(await readRegistrationForm(bytes, OPTIONS));
    expect(form.createAnalysis).toBe(true);
  });

  it("counts an unticked checkbox as unticked whatever its on-state is called", async () => {
    const values = sampleValues("EPACT2-DEFAULT", { create_analysis: false });
    const bytes = await withCheckboxOnState(await fillForm("EPACT2-DEFAULT", values), "On");
    expect(formOf(await readRegistrationForm(bytes, OPTIONS)).createAnalysis).toBe(false);
  });

  it("finds fields nested under a parent field (topmostSubform[0].applicant_email)", async () => {
    const bytes = await withNestedFields(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP")), "topmostSubform[0]");
    expect(await readRegistrationForm(bytes, OPTIONS)).toEqual({ kind: "read", path: "fields", form: expectedForm("EPACT2-GP") });
  });

  it("reads a choice whose options carry export values as the option it shows", async () => {
    const exports = { "Caldicott Guardian": "CG", "Nominated authoriser": "NA" };
    const bytes = await withChoiceExportValues(await fillForm("EPACT2-PRESCRIBER-ICB", sampleValues("EPACT2-PRESCRIBER-ICB", { authoriser_role: "Caldicott Guardian" })), "authoriser_role", exports);
    expect(formOf(await readRegistrationForm(bytes, OPTIONS)).authoriser?.role).toBe("Caldicott Guardian");
  });

  it("reads a form saved with permissions-only encryption (it opens without a password)", async () => {
    const bytes = await encryptPdf(await fillForm("EPACT2-PCN", sampleValues("EPACT2-PCN")), { user: "", owner: "owner-secret" });
    expect(await readRegistrationForm(bytes, OPTIONS)).toEqual({ kind: "read", path: "fields", form: expectedForm("EPACT2-PCN") });
  });
});

describe("the authoriser role, a choice", () => {
  const offered = FORM_IDS.flatMap((formId) => authoriserRoleChoices(formId).map((role) => [formId, role] as const));

  it.each(offered)("%s: %s is read from the fields and from a flattened copy", async (formId, role) => {
    for (const flatten of [false, true]) {
      const bytes = await fillForm(formId, sampleValues(formId, { authoriser_role: role }), { flatten });
      expect(formOf(await readRegistrationForm(bytes, OPTIONS)).authoriser?.role).toBe(role);
    }
  });

  it("a role another producer typed in instead of choosing is read as written, for the rules to judge", async () => {
    const values = sampleValues("EPACT2-GP", { authoriser_role: "Practice manager" });
    for (const flatten of [false, true]) {
      expect(formOf(await readRegistrationForm(await fillForm("EPACT2-GP", values, { flatten }), OPTIONS)).authoriser?.role).toBe("Practice manager");
    }
  });
});

describe("GP practice codes", () => {
  it("reads several practice codes separated by commas, upper-cased", async () => {
    const values = sampleValues("EPACT2-GP", { organisation_code: "A81001, a81002" });
    for (const flatten of [false, true]) {
      const form = formOf(await readRegistrationForm(await fillForm("EPACT2-GP", values, { flatten }), OPTIONS));
      expect(form.organisation.codes).toEqual(["A81001", "A81002"]);
    }
  });

  it("refuses several codes on a form for one organisation", async () => {
    const values = sampleValues("EPACT2-PRESCRIBER-ICB", { organisation_code: "QHM, QHN" });
    const reading = await readRegistrationForm(await fillForm("EPACT2-PRESCRIBER-ICB", values), OPTIONS);
    expect(reading).toMatchObject({ kind: "invalid", errors: [{ field: "organisation_code", label: "Organisation code" }] });
  });
});

describe("invalid forms", () => {
  const badValues = sampleValues("EPACT2-GP", {
    applicant_email: "alice at nhs.net",
    organisation_code: "A81001; A81002",
    applicant_declaration: false,
    authoriser_name: undefined,
    authorisation_date: "31/02/2025",
  });
  const expectedErrors = [
    { field: "applicant_email", label: "Applicant email", problem: "is not a valid email address" },
    { field: "organisation_code", label: "Organisation code", problem: "must be one or more organisation codes separated by commas" },
    { field: "applicant_declaration", label: "Applicant declaration", problem: "must be ticked" },
    { field: "authoriser_name", label: "Authoriser name", problem: "is required" },
    { field: "authorisation_date", label: "Authorisation date", problem: "must be a date (dd/mm/yyyy or yyyy-mm-dd)" },
  ];

  it("reports every bad field at once, by label, from the fields", async () => {
    const reading = await readRegistrationForm(await fillForm("EPACT2-GP", badValues), OPTIONS);
    expect(reading).toEqual({ kind: "invalid", formId: "EPACT2-GP", path: "fields", errors: expectedErrors });
  });

  it("reports the same errors from a flattened copy", async () => {
    const reading = await readRegistrationForm(await fillForm("EPACT2-GP", badValues, { flatten: true }), OPTIONS);
    expect(reading).toEqual({ kind: "invalid", formId: "EPACT2-GP", path: "text", errors: expectedErrors });
  });

  // A fillable form holds the character itself: it is refused (or, when the page shows it as
  // something else, such as a soft hyphen drawn as a hyphen, referred as not as shown). A
  // flattened copy holds only what the page shows: an invisible character is not there to read,
  // so the name reads as printed, and the comparison of people sees through the gap it leaves.
  it.each([
    ["a right-to-left override", "Alice\u202eApplicant", "Alice Applicant"],
    ["a zero-width space", "Ali\u200bce", "Ali ce"],
    ["a byte order mark", "\ufeffAlice", "Alice"],
  ])("refuses a name with %s in a fillable form; a flattened copy reads it as printed", async (_name, firstName, printed) => {
    const values = sampleValues("EPACT2-GP", { applicant_first_name: firstName });
    expect(await readRegistrationForm(await fillForm("EPACT2-GP", values), OPTIONS)).toEqual({
      kind: "invalid",
      formId: "EPACT2-GP",
      path: "fields",
      errors: [{ field: "applicant_first_name", label: "Applicant first name", problem: "must not contain invisible or direction-changing characters" }],
    });
    expect(formOf(await readRegistrationForm(await fillForm("EPACT2-GP", values, { flatten: true }), OPTIONS)).applicant.firstName).toBe(printed);
  });

  it("refers a soft hyphen in a fillable form as not as shown (the page draws a hyphen); a flattened copy reads the hyphen", async () => {
    const values = sampleValues("EPACT2-GP", { applicant_first_name: "Al\u00adice" });
    expect(await readRegistrationForm(await fillForm("EPACT2-GP", values), OPTIONS)).toMatchObject({
      kind: "not-as-shown",
      problems: [{ field: "applicant_first_name", label: "Applicant first name" }],
    });
    expect(formOf(await readRegistrationForm(await fillForm("EPACT2-GP", values, { flatten: true }), OPTIONS)).applicant.firstName).toBe("Al-ice");
  });

  it.each([
    ["a Hangul filler (drawn blank, read as a letter)", "Alice\u3164", "must not contain invisible or direction-changing characters"],
    ["a Cyrillic а among Latin letters", "\u0410lice", "must not mix letters from different alphabets"],
  ])("refuses a name with %s, from the fields and from a flattened copy alike", async (_name, firstName, problem) => {
    const values = sampleValues("EPACT2-GP", { applicant_first_name: firstName });
    for (const [flatten, path] of [[false, "fields"], [true, "text"]] as const) {
      const reading = await readRegistrationForm(await fillForm("EPACT2-GP", values, { flatten }), OPTIONS);
      expect(reading, path).toEqual({
        kind: "invalid",
        formId: "EPACT2-GP",
        path,
        errors: [{ field: "applicant_first_name", label: "Applicant first name", problem }],
      });
    }
  });

  it("refuses a justification with a zero-width space in a fillable form", async () => {
    const values = sampleValues("EPACT2-NATIONAL", { justification: "National report\nfor every\u200b ICB." });
    const reading = await readRegistrationForm(await fillForm("EPACT2-NATIONAL", values), OPTIONS);
    expect(reading).toMatchObject({ kind: "invalid", errors: [{ label: "Justification", problem: "must not contain invisible or direction-changing characters" }] });
  });

  it("reads a name wholly in Cyrillic letters as written, from the fields and from a flattened copy", async () => {
    const name = "\u0411\u043e\u0440\u0438\u0441 \u041f\u0435\u0442\u0440\u043e\u0432";
    for (const flatten of [false, true]) {
      const form = formOf(await readRegistrationForm(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { authoriser_name: name }), { flatten }), OPTIONS));
      expect(form.authoriser?.name).toBe(name);
    }
  });

  it("reads a blank form as ours but missing every required field", async () => {
    const reading = await readRegistrationForm(await generateBlankForm("EPACT2-PCN", SAMPLE_PRINTING), OPTIONS);
    expect(reading.kind).toBe("invalid");
    const errors = reading.kind === "invalid" ? reading.errors : [];
    expect(errors.map((error) => error.field)).toEqual([
      "applicant_first_name",
      "applicant_last_name",
      "applicant_email",
      "applicant_job_title",
      "organisation_name",
      "organisation_code",
      "applicant_declaration",
      "authoriser_name",
      "authoriser_email",
      "authoriser_role",
      "authoriser_declaration",
      "authorisation_date",
    ]);
  });

  it("leaves a missing justification to the rules (it is optional in the schema)", async () => {
    const values = sampleValues("EPACT2-NATIONAL", { justification: undefined });
    for (const flatten of [false, true]) {
      const form = formOf(await readRegistrationForm(await fillForm("EPACT2-NATIONAL", values, { flatten }), OPTIONS));
      expect(form.justification).toBeNull();
    }
  });

  it("keeps a justification typed on several lines, its line breaks as spaces", async () => {
    const justification = "We publish the national report.\nIt needs data for every ICB.\n\nSee our terms of reference.";
    const values = sampleValues("EPACT2-CDAO", { justification });
    for (const flatten of [false, true]) {
      const form = formOf(await readRegistrationForm(await fillForm("EPACT2-CDAO", values, { flatten }), OPTIONS));
      expect(form.justification).toBe("We publish the national report. It needs data for every ICB. See our terms of reference.");
    }
  });
});
