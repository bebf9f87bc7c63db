import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PDFString } from "pdf-lib";
import { PDFCheckBox, PDFDict, PDFDocument, PDFDropdown, PDFName, PDFTextField } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { AUTHORISER_ROLE_LABELS } from "../../src/directory/authoriser-roles.ts";
import { FORM_DEFINITIONS } from "../../src/forms/definitions.ts";
import { INFO_KEYS } from "../../src/forms/form-identity.ts";
import { fillForm, generateBlankForm, writeAllBlankForms } from "../../src/forms/generate-form.ts";
import { SAMPLE_PRINTING, sampleValues } from "../../fixtures/sample-values.ts";
import { openPdf } from "../../src/forms/open-pdf.ts";
import { readPageText } from "../../src/forms/read-text.ts";
import { FORM_IDS } from "../../src/forms/registration-form.ts";
import type { FormId } from "../../src/forms/registration-form.ts";
import { FORM_ROUTES } from "../../src/forms/access-routes.ts";

async function pagesOf(bytes: Uint8Array): Promise<string[][]> {
  const opened = await openPdf(bytes);
  if (opened.kind !== "opened") throw new Error(opened.detail);
  try {
    const pages = await readPageText(opened.doc);
    return pages.map((page) => page.lines.map((line) => line.cells.map((cell) => cell.text).join(" | ")));
  } finally {
    await opened.doc.destroy();
  }
}

async function textLinesOf(bytes: Uint8Array): Promise<string[]> {
  return (await pagesOf(bytes)).flat();
}

describe("blank forms", () => {
  it("are fillable A4 PDFs with exactly the form's fields, in definition order", async () => {
    for (const formId of FORM_IDS) {
      const doc = await PDFDocument.load(await generateBlankForm(formId, SAMPLE_PRINTING));
      const { width, height } = doc.getPage(0).getSize();
      expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
      expect(doc.getForm().getFields().map((field) => field.getName())).toEqual(FORM_DEFINITIONS[formId].fields);
    }
  });

  it("have no Form ID or Form version field: the identity is not for people to fill", async () => {
    const form = (await PDFDocument.load(await generateBlankForm("EPACT2-CDAO", SAMPLE_PRINTING))).getForm();
    expect(form.getFields().map((field) => field.getName())).not.toContain("form_id");
    expect(form.getFields().map((field) => field.getName())).not.toContain("form_version");
  });

  it("carry the form ID and version as document information and XMP metadata", async () => {
    const doc = await PDFDocument.load(await generateBlankForm("EPACT2-CDAO", SAMPLE_PRINTING));
    const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
    expect((info.get(PDFName.of(INFO_KEYS.formId)) as PDFString).decodeText()).toBe("EPACT2-CDAO");
    expect((info.get(PDFName.of(INFO_KEYS.version)) as PDFString).decodeText()).toBe("1");
    expect(doc.getTitle()).toBe("ePACT2: CD Accountable Officer Access");
    const xmp = doc.context.lookup(doc.catalog.get(PDFName.of("Metadata"))) as unknown as { getContentsString(): string };
    expect(xmp.getContentsString()).toContain("<epact2form:FormId>EPACT2-CDAO</epact2form:FormId>");
    expect(xmp.getContentsString()).toContain("<epact2form:FormVersion>1</epact2form:FormVersion>");
  });

  it("print the form ID and version small at the foot of every page, with the page number", async () => {
    for (const formId of ["EPACT2-GP", "EPACT2-NATIONAL"] as const) {
      const pages = await pagesOf(await generateBlankForm(formId, SAMPLE_PRINTING));
      pages.forEach((lines, index) => expect(lines.at(-1)).toBe(`Form ${formId} version 1 | Page ${index + 1} of ${pages.length}`));
    }
  });

  it("open with the service and the form's title, and NHS Business Services Authority", async () => {
    const [first] = await pagesOf(await generateBlankForm("EPACT2-PRESCRIBER-SICBL", SAMPLE_PRINTING));
    expect(first?.slice(0, 2)).toEqual(["ePACT2 registration | NHS Business Services Authority", "ICB - Sub Location Prescriber Access"]);
  });

  it("pre-fill the organisation level the form is for, and leave it to the applicant on the Default form", async () => {
    const icb = (await PDFDocument.load(await generateBlankForm("EPACT2-FINANCIAL-ICB", SAMPLE_PRINTING))).getForm();
    expect(icb.getTextField("organisation_type").getText()).toBe("Integrated Care Board (ICB)");
    const any = (await PDFDocument.load(await generateBlankForm("EPACT2-DEFAULT", SAMPLE_PRINTING))).getForm();
    expect(any.getTextField("organisation_type").getText()).toBeUndefined();
  });

  it("make declarations checkboxes and the justification a multi-line box", async () => {
    const form = (await PDFDocument.load(await generateBlankForm("EPACT2-NATIONAL", SAMPLE_PRINTING))).getForm();
    expect(form.getField("applicant_declaration")).toBeInstanceOf(PDFCheckBox);
    expect(form.getField("authoriser_declaration")).toBeInstanceOf(PDFCheckBox);
    const justification = form.getField("justification");
    expect(justification).toBeInstanceOf(PDFTextField);
    expect((justification as PDFTextField).isMultiline()).toBe(true);
  });

  it("print the instructions, every label and each declaration sentence", async () => {
    const text = (await textLinesOf(await generateBlankForm("EPACT2-PRESCRIBER-SICBL", SAMPLE_PRINTING))).join("\n");
    expect(text).toContain("This access must be authorised by your organisation's Caldicott Guardian or nominated authoriser.");
    for (const label of ["Applicant email *", "Authoriser email *", "Authoriser role *", "Authoriser declaration *", "Authoriser phone"]) {
      expect(text).toContain(label);
    }
    expect(text).toContain("I confirm that I am not the applicant.");
  });
});

describe("the authoriser role", () => {
  it.each(FORM_IDS.filter((formId) => formId !== "EPACT2-DEFAULT"))(
    "%s offers exactly the roles that may authorise its route, unchosen and not editable",
    async (formId) => {
      const role = (await PDFDocument.load(await generateBlankForm(formId, SAMPLE_PRINTING))).getForm().getField("authoriser_role");
      expect(role).toBeInstanceOf(PDFDropdown);
      const dropdown = role as PDFDropdown;
      expect(dropdown.getOptions()).toEqual(FORM_ROUTES[formId].authoriserRoles.map((name) => AUTHORISER_ROLE_LABELS[name]));
      expect(dropdown.getSelected()).toEqual([]);
      expect(dropdown.isEditable()).toBe(false);
    },
  );

  it("names its choices under the box, for a printed copy", async () => {
    const text = (await textLinesOf(await generateBlankForm("EPACT2-PRESCRIBER-ICB", SAMPLE_PRINTING))).join("\n");
    expect(text).toContain("Choose from the list: Caldicott Guardian or Nominated authoriser.");
  });
});

describe("required fields", () => {
  it("carry the Required flag on every field a form is refused without, and on no other", async () => {
    const flaggedOn = async (formId: FormId) =>
      (await PDFDocument.load(await generateBlankForm(formId, SAMPLE_PRINTING))).getForm().getFields().filter((field) => field.isRequired()).map((field) => field.getName());
    expect(await flaggedOn("EPACT2-DEFAULT")).toEqual([
      "applicant_first_name",
      "applicant_last_name",
      "applicant_email",
      "applicant_job_title",
      "organisation_name",
      "organisation_code",
      "organisation_type",
      "applicant_declaration",
    ]);
    expect(await flaggedOn("EPACT2-NATIONAL")).toEqual([
      "applicant_first_name",
      "applicant_last_name",
      "applicant_email",
      "applicant_job_title",
      "organisation_name",
      "organisation_code",
      "organisation_type",
      "justification",
      "applicant_declaration",
      "authoriser_name",
      "authoriser_email",
      "authoriser_role",
      "authoriser_declaration",
      "authorisation_date",
    ]);
  });

  it("are marked * after their label, and the optional ones are not", async () => {
    const lines = await textLinesOf(await generateBlankForm("EPACT2-GP", SAMPLE_PRINTING));
    expect(lines).toContain("Applicant first name *");
    expect(lines).toContain("Authorisation date *");
    expect(lines).toContain("Applicant phone");
    expect(lines.join("\n")).toContain("Fields marked * must be filled in (or ticked); the others are optional.");
  });

  it("say what each field is in its tooltip, for screen readers", async () => {
    const form = (await PDFDocument.load(await generateBlankForm("EPACT2-GP", SAMPLE_PRINTING))).getForm();
    const tooltip = (name: string) => (form.getField(name).acroField.dict.get(PDFName.of("TU")) as PDFString).decodeText();
    expect(tooltip("authorisation_date")).toBe("Authorisation date (required). Format dd/mm/yyyy, for example 14/03/2025.");
    expect(tooltip("applicant_phone")).toBe("Applicant phone (optional). Optional.");
  });

  it("show the date's format, dd/mm/yyyy, under the authorisation date", async () => {
    const lines = await textLinesOf(await generateBlankForm("EPACT2-PCN", SAMPLE_PRINTING));
    const date = lines.indexOf("Authorisation date *");
    expect(lines[date + 1]).toBe("Format dd/mm/yyyy, for example 14/03/2025.");
  });
});

describe("where the form goes", () => {
  const printing = { returnAddress: "epact2.forms@example.nhs.uk" };

  it("says where to return it and what happens next, at the top and at the end", async () => {
    const [first = [], last = []] = await pagesOf(await generateBlankForm("EPACT2-GP", printing));
    expect(first.join(" ")).toContain("practice email account to epact2.forms@example.nhs.uk. We cannot accept it from anyone else.");
    expect(last).toContain("epact2.forms@example.nhs.uk");
    expect(last).toContain("Returning this form, and what happens next");
    expect(last.join(" ")).toContain("Once the request is authorised, the Data Services Support Team sets up the applicant's ePACT2 account");
  });

  it("tells the Default applicant to send it from their own address, with no authoriser", async () => {
    const text = (await textLinesOf(await generateBlankForm("EPACT2-DEFAULT", printing))).join(" ");
    expect(text).toContain("from your own @nhs.net email account to epact2.forms@example.nhs.uk. No authorisation is needed.");
    expect(text).not.toContain("Authoris");
  });

  it("names the practice account only on the routes the rules let send from one", async () => {
    expect((await textLinesOf(await generateBlankForm("EPACT2-PCN", printing))).join(" ")).toContain("their own @nhs.net or practice email account");
    expect((await textLinesOf(await generateBlankForm("EPACT2-FINANCIAL-ICB", printing))).join(" ")).not.toContain("practice email account");
  });
});

describe("filled forms", () => {
  it("show each value on its label's line once flattened", async () => {
    const lines = await textLinesOf(await fillForm("EPACT2-PCN", sampleValues("EPACT2-PCN"), { flatten: true }));
    expect(lines).toContain("Applicant email * | alice.applicant@nhs.net");
    expect(lines).toContain("Organisation code * | U12345");
    expect(lines).toContain("Authoriser role * | PCN Clinical Director");
    expect(lines).toContain("Authorisation date * | 14/03/2025");
  });

  it("show a ticked box as a ZapfDingbats check, which pdf.js extracts as the character 4", async () => {
    const ticked = await textLinesOf(await fillForm("EPACT2-PCN", sampleValues("EPACT2-PCN"), { flatten: true }));
    expect(ticked).toContain("4 | Applicant declaration *");
    const unticked = await textLinesOf(await fillForm("EPACT2-PCN", sampleValues("EPACT2-PCN", { applicant_declaration: false }), { flatten: true }));
    expect(unticked).toContain("Applicant declaration *");
  });

  it("draw Cyrillic in the embedded font, holding it exactly in the field and printing it once flattened", async () => {
    const name = "\u0410\u04c0\u0456\u0441\u0435 Bob";
    const filled = await PDFDocument.load(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { authoriser_name: name })));
    expect(filled.getForm().getTextField("authoriser_name").getText()).toBe(name);
    const lines = await textLinesOf(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { authoriser_name: name }), { flatten: true }));
    expect(lines).toContain(`Authoriser name * | ${name}`);
  });

  it("hold an invisible character in the field, and print nothing for it once flattened", async () => {
    const filled = await PDFDocument.load(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { applicant_last_name: "Appli\u200bcant" })));
    expect(filled.getForm().getTextField("applicant_last_name").getText()).toBe("Appli\u200bcant");
    const lines = await textLinesOf(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { applicant_last_name: "Appli\u200bcant" }), { flatten: true }));
    expect(lines.find((line) => line.startsWith("Applicant last name * |"))).not.toContain("\u200b");
  });

  it("keep the lines of a multi-line value in Cyrillic", async () => {
    const justification = "Line one \u0431\nLine two";
    const lines = await textLinesOf(await fillForm("EPACT2-NATIONAL", sampleValues("EPACT2-NATIONAL", { justification }), { flatten: true }));
    expect(lines).toContain("Justification * | Line one \u0431");
    expect(lines).toContain("Line two");
  });

  it("hold a role the list does not offer as typed, as another producer might write it", async () => {
    const form = (await PDFDocument.load(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { authoriser_role: "Practice manager" })))).getForm();
    expect(form.getDropdown("authoriser_role").getSelected()).toEqual(["Practice manager"]);
  });

  it("have no fields left once flattened", async () => {
    const doc = await PDFDocument.load(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"), { flatten: true }));
    expect(doc.getForm().getFields()).toEqual([]);
  });

  it("can be built with the fields created in reverse order", async () => {
    const doc = await PDFDocument.load(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP"), { fieldOrder: "reversed" }));
    expect(doc.getForm().getFields().map((field) => field.getName())).toEqual([...FORM_DEFINITIONS["EPACT2-GP"].fields].reverse());
  });

  it("refuse a field the form does not have", async () => {
    await expect(fillForm("EPACT2-GP", { justification: "because" })).rejects.toThrow("justification is not a field of EPACT2-GP");
    await expect(fillForm("EPACT2-GP", { form_id: "EPACT2-GP" })).rejects.toThrow("form_id is not a field of EPACT2-GP");
  });
});

describe("sample values", () => {
  it("use organisation codes that look right for each form", () => {
    const codes = Object.fromEntries(FORM_IDS.map((formId) => [formId, sampleValues(formId).organisation_code]));
    expect(codes).toMatchObject({
      "EPACT2-GP": "A81001",
      "EPACT2-PCN": "U12345",
      "EPACT2-PRESCRIBER-SICBL": "92G",
      "EPACT2-PRESCRIBER-ICB": "QHM",
      "EPACT2-PRESCRIBER-PROVIDER": "RXX",
      "EPACT2-FINANCIAL-REGIONAL": "Y56",
    });
  });

  it("fill exactly the form's fields, and let overrides replace or blank one", () => {
    expect(Object.keys(sampleValues("EPACT2-DEFAULT"))).toEqual(FORM_DEFINITIONS["EPACT2-DEFAULT"].fields);
    const values = sampleValues("EPACT2-GP", { applicant_email: undefined, authoriser_email: "carol@nhs.net" });
    expect(values).toMatchObject({ applicant_email: undefined, authoriser_email: "carol@nhs.net", authoriser_name: "Dr Bob Authoriser" });
  });

  it("choose a role each form offers", () => {
    for (const formId of FORM_IDS.filter((id) => id !== "EPACT2-DEFAULT")) {
      const offered = FORM_ROUTES[formId].authoriserRoles.map((name) => AUTHORISER_ROLE_LABELS[name]);
      expect(offered).toContain(sampleValues(formId).authoriser_role);
    }
  });
});

describe("writeAllBlankForms", () => {
  it("writes <FORM-ID>.pdf for all eleven forms, each naming the return address given", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "forms-"));
    try {
      const written = await writeAllBlankForms(path.join(dir, "out"), { returnAddress: "returns@example.nhs.uk" });
      expect(written).toEqual(FORM_IDS.map((formId) => path.join(dir, "out", `${formId}.pdf`)));
      const gp = new Uint8Array(await readFile(path.join(dir, "out", "EPACT2-GP.pdf")));
      expect((await textLinesOf(gp)).join(" ")).toContain("returns@example.nhs.uk");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
