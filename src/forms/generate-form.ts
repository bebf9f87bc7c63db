// The project's own form generator: fillable A4 PDFs drawn from the form definitions (blank for
// the website, filled or flattened for tests, fixtures and benchmarks).

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import {
  PDFDocument,
  StandardFonts,
  beginText,
  closePath,
  endText,
  grayscale,
  lineTo,
  moveText,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingGrayscaleColor,
  setFontAndSize,
  setLineWidth,
  setStrokingGrayscaleColor,
  showText,
  stroke,
} from "pdf-lib";
import type { PDFCheckBox, PDFFont, PDFForm, PDFOperator, PDFPage } from "pdf-lib";
import { FIELDS, FORM_VERSION, formDefinition, isFieldName } from "./definitions.ts";
import type { FormDefinition } from "./definitions.ts";
import { layoutForm } from "./form-layout.ts";
import type { PageLayout, PlacedField } from "./form-layout.ts";
import { FORM_IDS } from "./registration-form.ts";
import type { FormId } from "./registration-form.ts";
import type { FormValues } from "./sample-values.ts";

export { sampleValues } from "./sample-values.ts";
export type { FormValues } from "./sample-values.ts";

export interface FillOptions {
  /** Burn the values into the page (pdf-lib `form.flatten()`), as a flattened or printed copy would. */
  readonly flatten?: boolean;
  /** "reversed" creates the AcroForm fields in reverse order, as another producer might. */
  readonly fieldOrder?: "definition" | "reversed";
}

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly dingbats: PDFFont;
}

const BORDER = grayscale(0.45);
const EDITABLE_BACKGROUND = rgb(0.94, 0.96, 1);
const READ_ONLY_BACKGROUND = grayscale(0.92);
const FONT_SIZE = 10;

/**
 * Arimo (metrically Arial, with Greek and Cyrillic; SIL Open Font License), embedded as a subset
 * for a value Helvetica cannot draw: a Cyrillic name is then drawn as the letters it is, and a
 * flattened copy reads back as it was written.
 */
const ARIMO = createRequire(import.meta.url).resolve("@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf");

/** Whether pdf-lib's own Helvetica appearance draws `value` as written (WinAnsi text only). */
function helveticaDraws(font: PDFFont, value: string): boolean {
  const drawable = new Set(font.getCharacterSet());
  return [...value].every((char) => drawable.has(char.codePointAt(0) ?? 0));
}

function drawStaticText(page: PDFPage, layout: PageLayout, fonts: Fonts): void {
  for (const placed of layout.texts) {
    page.drawText(placed.text, {
      x: placed.x,
      y: placed.y,
      size: placed.size,
      font: placed.bold ? fonts.bold : fonts.regular,
      color: placed.grey ? grayscale(0.35) : grayscale(0),
    });
  }
}

function boxOutline(size: number): PDFOperator[] {
  return [
    pushGraphicsState(),
    setLineWidth(1),
    setStrokingGrayscaleColor(0.45),
    moveTo(0.5, 0.5),
    lineTo(size - 0.5, 0.5),
    lineTo(size - 0.5, size - 0.5),
    lineTo(0.5, size - 0.5),
    closePath(),
    stroke(),
    popGraphicsState(),
  ];
}

/**
 * pdf-lib draws its tick as lines, which leave no trace in the text of a flattened copy.
 * A ZapfDingbats check (as Acrobat draws one) survives flattening as a character.
 */
function useDingbatTick(form: PDFForm, checkBox: PDFCheckBox, placed: PlacedField, fonts: Fonts): void {
  const context = form.doc.context;
  const size = placed.width;
  const resources = { Font: { ZaDb: fonts.dingbats.ref } };
  const tick = [
    pushGraphicsState(),
    beginText(),
    setFillingGrayscaleColor(0),
    setFontAndSize("ZaDb", size - 2),
    moveText(1.5, 2),
    showText(fonts.dingbats.encodeText("\u2714")),
    endText(),
    popGraphicsState(),
  ];
  const on = context.register(context.formXObject([...boxOutline(size), ...tick], { BBox: [0, 0, size, size], Resources: resources }));
  const off = context.register(context.formXObject(boxOutline(size), { BBox: [0, 0, size, size] }));
  for (const widget of checkBox.acroField.getWidgets()) {
    widget.setNormalAppearance(context.obj({ Yes: on, Off: off }));
    widget.getOrCreateAppearanceCharacteristics().setCaptions({ normal: "4" });
  }
}

function addField(form: PDFForm, definition: FormDefinition, page: PDFPage, placed: PlacedField, fonts: Fonts): void {
  const field = FIELDS[placed.name];
  const box = { x: placed.x, y: placed.y, width: placed.width, height: placed.height, borderColor: BORDER, borderWidth: 1 };
  if (field.kind === "checkbox") {
    const checkBox = form.createCheckBox(placed.name);
    checkBox.addToPage(page, { ...box, backgroundColor: rgb(1, 1, 1) });
    useDingbatTick(form, checkBox, placed, fonts);
    return;
  }
  const textField = form.createTextField(placed.name);
  if (field.kind === "multiline") textField.enableMultiline();
  textField.addToPage(page, { ...box, font: fonts.regular, backgroundColor: field.readOnly ? READ_ONLY_BACKGROUND : EDITABLE_BACKGROUND });
  textField.setFontSize(FONT_SIZE);
  const prefilled =
    placed.name === "form_id" ? definition.id
    : placed.name === "form_version" ? FORM_VERSION
    : placed.name === "organisation_type" ? definition.organisationType
    : null;
  if (prefilled !== null) textField.setText(prefilled);
  if (field.readOnly) textField.enableReadOnly();
}

async function buildForm(formId: FormId, fieldOrder: "definition" | "reversed"): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const definition = formDefinition(formId);
  const doc = await PDFDocument.create();
  doc.setTitle(definition.title);
  doc.setSubject(`${formId} version ${FORM_VERSION}`);
  doc.setCreator("epact2-intake form generator");
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    dingbats: await doc.embedFont(StandardFonts.ZapfDingbats),
  };
  const layout = layoutForm(definition, (text, size, bold) => (bold ? fonts.bold : fonts.regular).widthOfTextAtSize(text, size));
  const placements: { page: PDFPage; placed: PlacedField }[] = [];
  for (const pageLayout of layout.pages) {
    const page = doc.addPage([...layout.pageSize]);
    drawStaticText(page, pageLayout, fonts);
    placements.push(...pageLayout.fields.map((placed) => ({ page, placed })));
  }
  if (fieldOrder === "reversed") placements.reverse();
  const form = doc.getForm();
  for (const { page, placed } of placements) addField(form, definition, page, placed, fonts);
  return { doc, fonts };
}

/** A blank fillable form: Form ID and Form version pre-filled and read-only. */
export async function generateBlankForm(formId: FormId): Promise<Uint8Array> {
  const { doc } = await buildForm(formId, "definition");
  return doc.save();
}

/**
 * A form filled with `values` (fields left out keep their blank-form value; undefined or ""
 * clears). Throws on a field the form does not have or a value of the wrong kind: it is a tool
 * for tests and fixtures, not a reader of untrusted input.
 */
export async function fillForm(formId: FormId, values: FormValues, options: FillOptions = {}): Promise<Uint8Array> {
  const definition = formDefinition(formId);
  const { doc, fonts } = await buildForm(formId, options.fieldOrder ?? "definition");
  const form = doc.getForm();
  let unicode: PDFFont | null = null;
  const unicodeFont = async (): Promise<PDFFont> => {
    if (unicode) return unicode;
    doc.registerFontkit(fontkit);
    return (unicode = await doc.embedFont(await readFile(ARIMO)));
  };
  for (const [name, value] of Object.entries(values)) {
    if (!isFieldName(name) || !definition.fields.includes(name)) throw new Error(`${name} is not a field of ${formId}`);
    if (FIELDS[name].kind === "checkbox") {
      if (typeof value === "string") throw new TypeError(`${name} is a checkbox: give true or false`);
      const checkBox = form.getCheckBox(name);
      if (value === true) checkBox.check();
      else checkBox.uncheck();
    } else {
      if (typeof value === "boolean") throw new TypeError(`${name} is a text field: give a string`);
      const textField = form.getTextField(name);
      textField.setText(value === "" ? undefined : value);
      if (value !== undefined && !helveticaDraws(fonts.regular, value)) textField.updateAppearances(await unicodeFont());
    }
  }
  // Flatten before the one save: pdf-lib drops the flattened drawing of a document saved earlier.
  if (options.flatten) form.flatten();
  return doc.save();
}

/** Writes `<FORM-ID>.pdf` for every form into `dir` (created if missing); returns the paths. */
export async function writeAllBlankForms(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const formId of FORM_IDS) {
    const file = path.join(dir, `${formId}.pdf`);
    await writeFile(file, await generateBlankForm(formId));
    written.push(file);
  }
  return written;
}
