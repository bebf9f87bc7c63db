import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFCheckBox, PDFDocument, PDFTextField } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { FORM_DEFINITIONS } from "../../src/forms/definitions.ts";
import { fillForm, generateBlankForm, sampleValues, writeAllBlankForms } from "../../src/forms/generate-form.ts";
import { openPdf } from "../../src/forms/open-pdf.ts";
import { readPageText } from "../../src/forms/read-text.ts";
import { FORM_IDS } from "../../src/forms/registration-form.ts";

async function textLinesOf(bytes: Uint8Array): Promise<string[]> {
  const opened = await openPdf(bytes);
  if (opened.kind !== "opened") throw new Error(opened.detail);
  try {
    const pages = await readPageText(opened.doc);
    return pages.flatMap((page) => page.lines.map((line) => line.cells.map((cell) => cell.text).join(" | ")));
  } finally {
    await opened.doc.destroy();
  }
}

describe("blank forms", () => {
  it("are fillable A4 PDFs with exactly the form's fields, in definition order", async () => {
    for (const formId of FORM_IDS) {
      const doc = await PDFDocument.load(await generateBlankForm(formId));
      const { width, height } = doc.getPage(0).getSize();
      expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
      expect(doc.getForm().getFields().map((field) => field.getName())).toEqual(FORM_DEFINITIONS[formId].fields);
    }
  });

  it("carry the form ID and version pre-filled and read-only", async () => {
    const form = (await PDFDocument.load(await generateBlankForm("EPACT2-CDAO"))).getForm();
    expect(form.getTextField("form_id").getText()).toBe("EPACT2-CDAO");
    expect(form.getTextField("form_version").getText()).toBe("1");
    expect(form.getTextField("form_id").isReadOnly()).toBe(true);
    expect(form.getTextField("form_version").isReadOnly()).toBe(true);
    expect(form.getTextField("applicant_email").isReadOnly()).toBe(false);
  });

  it("pre-fill the organisation level the form is for, and leave it to the applicant on the Default form", async () => {
    const icb = (await PDFDocument.load(await generateBlankForm("EPACT2-FINANCIAL-ICB"))).getForm();
    expect(icb.getTextField("organisation_type").getText()).toBe("Integrated Care Board (ICB)");
    const any = (await PDFDocument.load(await generateBlankForm("EPACT2-DEFAULT"))).getForm();
    expect(any.getTextField("organisation_type").getText()).toBeUndefined();
  });

  it("make declarations checkboxes and the justification a multi-line box", async () => {
    const form = (await PDFDocument.load(await generateBlankForm("EPACT2-NATIONAL"))).getForm();
    expect(form.getField("applicant_declaration")).toBeInstanceOf(PDFCheckBox);
    expect(form.getField("authoriser_declaration")).toBeInstanceOf(PDFCheckBox);
    const justification = form.getField("justification");
    expect(justification).toBeInstanceOf(PDFTextField);
    expect((justification as PDFTextField).isMultiline()).toBe(true);
  });

  it("print the title, instructions, every label and each declaration sentence", async () => {
    const lines = await textLinesOf(await generateBlankForm("EPACT2-PRESCRIBER-SICBL"));
    expect(lines[0]).toBe("ePACT2: ICB - Sub Location Prescriber Access");
    expect(lines.join("\n")).toContain("This access must be authorised by your organisation's Caldicott Guardian or nominated authoriser.");
    expect(lines).toContain("Form ID");
    expect(lines).toContain("Authoriser email");
    expect(lines).toContain("Authoriser declaration");
    expect(lines.join("\n")).toContain("I confirm that I am not the applicant.");
  });
});

describe("filled forms", () => {
  it("show each value on its label's line once flattened", async () => {
    const lines = await textLinesOf(await fillForm("EPACT2-PCN", sampleValues("EPACT2-PCN"), { flatten: true }));
    expect(lines).toContain("Form ID | EPACT2-PCN");
    expect(lines).toContain("Applicant email | alice.applicant@nhs.net");
    expect(lines).toContain("Organisation code | U12345");
    expect(lines).toContain("Authorisation date | 14/03/2025");
  });

  it("show a ticked box as a ZapfDingbats check, which pdf.js extracts as the character 4", async () => {
    const ticked = await textLinesOf(await fillForm("EPACT2-PCN", sampleValues("EPACT2-PCN"), { flatten: true }));
    expect(ticked).toContain("4 | Applicant declaration");
    const unticked = await textLinesOf(await fillForm("EPACT2-PCN", sampleValues("EPACT2-PCN", { applicant_declaration: false }), { flatten: true }));
    expect(unticked).toContain("Applicant declaration");
  });

  it("draw text Helvetica cannot (Cyrillic) in an embedded font, holding it exactly in the field and printing it once flattened", async () => {
    const name = "\u0410\u04c0\u0456\u0441\u0435 Bob";
    const filled = await PDFDocument.load(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { authoriser_name: name })));
    expect(filled.getForm().getTextField("authoriser_name").getText()).toBe(name);
    const lines = await textLinesOf(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { authoriser_name: name }), { flatten: true }));
    expect(lines).toContain(`Authoriser name | ${name}`);
  });

  it("hold an invisible character in the field, and print nothing for it once flattened", async () => {
    const filled = await PDFDocument.load(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { applicant_last_name: "Appli\u200bcant" })));
    expect(filled.getForm().getTextField("applicant_last_name").getText()).toBe("Appli\u200bcant");
    const lines = await textLinesOf(await fillForm("EPACT2-GP", sampleValues("EPACT2-GP", { applicant_last_name: "Appli\u200bcant" }), { flatten: true }));
    expect(lines.find((line) => line.startsWith("Applicant last name |"))).not.toContain("\u200b");
  });

  it("keep the lines of a multi-line value Helvetica cannot draw", async () => {
    const justification = "Line one \u0431\nLine two";
    const lines = await textLinesOf(await fillForm("EPACT2-NATIONAL", sampleValues("EPACT2-NATIONAL", { justification }), { flatten: true }));
    expect(lines).toContain("Justification | Line one \u0431");
    expect(lines).toContain("Line two");
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
});

describe("writeAllBlankForms", () => {
  it("writes <FORM-ID>.pdf for all eleven forms", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "forms-"));
    try {
      const written = await writeAllBlankForms(path.join(dir, "out"));
      expect(written).toEqual(FORM_IDS.map((formId) => path.join(dir, "out", `${formId}.pdf`)));
      const gp = await PDFDocument.load(await readFile(path.join(dir, "out", "EPACT2-GP.pdf")));
      expect(gp.getForm().getTextField("form_id").getText()).toBe("EPACT2-GP");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
