// How the generated forms are laid out and what they carry: each section whole on one page,
// no page mostly empty, the text in embedded Arimo subsets, and files small enough to email.
import type { PDFRawStream } from "pdf-lib";
import { PDFArray, PDFDict, PDFDocument, PDFName, decodePDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { FIELDS, FORM_DEFINITIONS, SECTION_HEADINGS } from "../../src/forms/definitions.ts";
import type { SectionId } from "../../src/forms/definitions.ts";
import { generateBlankForm } from "../../src/forms/generate-form.ts";
import { SAMPLE_PRINTING } from "../../fixtures/sample-values.ts";
import { openPdf } from "../../src/forms/open-pdf.ts";
import { drawPage } from "../../src/forms/page-drawing.ts";
import { readPageText } from "../../src/forms/read-text.ts";
import type { PageText } from "../../src/forms/read-text.ts";
import { FORM_IDS } from "../../src/forms/registration-form.ts";

async function pageTextOf(bytes: Uint8Array): Promise<PageText[]> {
  const opened = await openPdf(bytes);
  if (opened.kind !== "opened") throw new Error(opened.detail);
  try {
    return await readPageText(opened.doc);
  } finally {
    await opened.doc.destroy();
  }
}

/** The page (from 0) each field's box is on. */
function fieldPages(doc: PDFDocument): Map<string, number> {
  const pages = doc.getPages().map((page) => page.ref);
  return new Map(
    doc.getForm().getFields().map((field) => {
      const [widget] = field.acroField.getWidgets();
      return [field.getName(), pages.findIndex((ref) => ref === widget?.P())];
    }),
  );
}

const forms = await Promise.all(FORM_IDS.map(async (formId) => ({ formId, bytes: await generateBlankForm(formId, SAMPLE_PRINTING) })));

describe("each form's pages", () => {
  it.each(forms)("$formId: each section, heading and fields, lies whole on one page", async ({ formId, bytes }) => {
    const onPage = fieldPages(await PDFDocument.load(bytes));
    const text = await pageTextOf(bytes);
    const sections = new Map<SectionId, Set<number>>();
    for (const name of FORM_DEFINITIONS[formId].fields) {
      const section = FIELDS[name].section;
      if (section === null) continue;
      const pages = sections.get(section) ?? new Set<number>();
      pages.add(onPage.get(name) ?? -1);
      sections.set(section, pages);
    }
    for (const [section, pages] of sections) {
      expect([...pages], section).toHaveLength(1);
      const [page = -1] = [...pages];
      const headingPage = text.findIndex((p) => p.lines.some((line) => line.cells[0]?.text.endsWith(`. ${SECTION_HEADINGS[section]}`)));
      expect(headingPage, `${section} heading`).toBe(page);
    }
  });

  it.each(forms)("$formId: no page is mostly empty (each reaches below the middle of the page)", async ({ bytes }) => {
    const pages = await pageTextOf(bytes);
    const height = (await PDFDocument.load(bytes)).getPage(0).getHeight();
    for (const [index, page] of pages.entries()) {
      const content = page.lines.slice(0, -1); // the last line is the footer
      expect(Math.max(...content.map((line) => line.y)), `page ${index + 1}`).toBeGreaterThan(height / 2);
    }
  });

  it.each(forms)("$formId: the blue band names the service and the form, apart from NHS Business Services Authority, on every page", async ({ formId, bytes }) => {
    const title = FORM_DEFINITIONS[formId].title.replace("ePACT2: ", "");
    const [first, ...rest] = await pageTextOf(bytes);
    expect(first?.lines.slice(0, 2).map((line) => line.cells.map((cell) => cell.text))).toEqual([["ePACT2 registration", "NHS Business Services Authority"], [title]]);
    for (const page of rest) {
      expect(page.lines[0]?.cells.map((cell) => cell.text)).toEqual([`ePACT2 registration: ${title}`, "NHS Business Services Authority"]);
    }
  });

  it("the band is NHS blue (#005EB8) behind white text", async () => {
    const opened = await openPdf(forms[0]?.bytes ?? new Uint8Array());
    if (opened.kind !== "opened") throw new Error(opened.detail);
    try {
      const drawn = await drawPage(await opened.doc.getPage(1), () => true, "content");
      const first = drawn.glyphs.find((glyph) => glyph.text === "e");
      const point = first?.points[0]?.point ?? { x: 0, y: 0 };
      const under = drawn.paints.filter((paint) => paint.order < (first?.order ?? 0) && paint.covers(point)).at(-1);
      expect(under?.colourAt(point)?.map((c) => Math.round(c * 255))).toEqual([0x00, 0x5e, 0xb8]);
      expect(first?.inks[0]?.colour).toEqual([1, 1, 1]);
    } finally {
      await opened.doc.destroy();
    }
  });

  it("keep the authorisation section, and the return address after it, together on the last page", async () => {
    for (const { formId, bytes } of forms.filter(({ formId }) => formId !== "EPACT2-DEFAULT")) {
      const pages = await pageTextOf(bytes);
      const last = pages.at(-1)?.lines.map((line) => line.cells.map((cell) => cell.text).join(" ")) ?? [];
      expect(last.some((line) => line.endsWith("Authorisation (to be completed by the authoriser)")), formId).toBe(true);
      expect(last, formId).toContain(SAMPLE_PRINTING.returnAddress);
    }
  });
});

/** Every font a form's pages and boxes use: its base name, and whether its glyphs are in the file. */
function fontsOf(doc: PDFDocument): { name: string; embedded: boolean; file: Uint8Array | null }[] {
  const found: { name: string; embedded: boolean; file: Uint8Array | null }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("Font")) continue;
    const subtype = object.get(PDFName.of("Subtype"));
    if (subtype === PDFName.of("CIDFontType2")) continue; // listed through its Type0 parent
    const name = object.get(PDFName.of("BaseFont"))?.toString().slice(1) ?? "";
    const descendants = object.lookupMaybe(PDFName.of("DescendantFonts"), PDFArray);
    const descendant = descendants ? doc.context.lookup(descendants.get(0), PDFDict) : null;
    const descriptor = descendant?.lookupMaybe(PDFName.of("FontDescriptor"), PDFDict);
    const stream = descriptor?.lookup(PDFName.of("FontFile2")) as PDFRawStream | undefined;
    found.push({ name, embedded: stream !== undefined, file: stream ? decodePDFRawStream(stream).decode() : null });
  }
  return found;
}

describe("each form's fonts and size", () => {
  it("draw every letter in embedded Arimo Regular or Bold; only the tick is a standard font (ZapfDingbats)", async () => {
    for (const { formId, bytes } of forms) {
      const fonts = fontsOf(await PDFDocument.load(bytes));
      expect(fonts.map(({ name, embedded }) => `${name.replace(/-\d+$/u, "")} ${embedded ? "embedded" : "standard"}`).sort(), formId).toEqual([
        "Arimo-Bold embedded",
        "Arimo-Regular embedded",
        "ZapfDingbats standard",
      ]);
    }
  });

  it("embed subsets: each form is under 80 KB, where the whole of Arimo Regular and Bold would add over 400 KB", () => {
    for (const { formId, bytes } of forms) expect(bytes.length, formId).toBeLessThan(80 * 1024);
  });

  it("give the boxes a font that draws what people type: Latin, Greek and Cyrillic letters", async () => {
    const doc = await PDFDocument.load(forms[0]?.bytes ?? new Uint8Array());
    const acroForm = doc.catalog.lookup(PDFName.of("AcroForm"), PDFDict);
    const fieldFont = acroForm.lookup(PDFName.of("DR"), PDFDict).lookup(PDFName.of("Font"), PDFDict);
    const [[name, ref] = []] = fieldFont.entries();
    expect(name?.toString()).toMatch(/^\/Arimo-Regular/u);
    const unicode = doc.context.lookup(ref, PDFDict).lookup(PDFName.of("ToUnicode")) as PDFRawStream;
    const cmap = new TextDecoder().decode(decodePDFRawStream(unicode).decode());
    // ł (Polish), ß, ő (Hungarian), Ж (Cyrillic), Ω (Greek), € and the typographic apostrophe.
    for (const code of ["0142", "00DF", "0151", "0416", "03A9", "20AC", "2019"]) expect(cmap, `U+${code}`).toMatch(new RegExp(`<${code}>`, "iu"));
  });
});
