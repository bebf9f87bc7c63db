// The project's own form generator: fillable A4 PDFs drawn from the form definitions (blank for
// the website, filled or flattened for tests, fixtures and benchmarks), in the NHS Business
// Services Authority's identity, each carrying its form ID and version as metadata.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  beginText,
  closePath,
  endText,
  lineTo,
  moveText,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingGrayscaleColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  showText,
  stroke,
} from "pdf-lib";
import type { Color, PDFCheckBox, PDFField, PDFFont, PDFForm, PDFOperator, PDFPage } from "pdf-lib";
import { FIELDS, FORM_VERSION, askedAsRequired, formDefinition, isFieldName } from "./definitions.ts";
import type { FieldName, FormDefinition } from "./definitions.ts";
import { embedFormFonts, embedWholeRegular, textWidth } from "./form-fonts.ts";
import type { FormFonts } from "./form-fonts.ts";
import { INFO_KEYS, XMP_NAMESPACE, XMP_PREFIX, XMP_PROPERTIES } from "./form-identity.ts";
import type { FormIdentity } from "./form-identity.ts";
import { layoutForm } from "./form-layout.ts";
import type { PageLayout, PlacedField, PlacedShape, Tone } from "./form-layout.ts";
import { authoriserRoleChoices, formWording, hintOn, NHSBSA_SUPPORT_ADDRESS } from "./form-wording.ts";
import type { FormPrinting } from "./form-wording.ts";
import { FORM_IDS } from "./registration-form.ts";
import type { FormId } from "./registration-form.ts";

/** Values to put into a form: text for text fields, true/false for checkboxes, undefined for blank. */
export type FormValues = Readonly<Partial<Record<FieldName, string | boolean | undefined>>>;
export type { FormPrinting } from "./form-wording.ts";

export interface FillOptions {
  /** Burn the values into the page (pdf-lib `form.flatten()`), as a flattened or printed copy would. */
  readonly flatten?: boolean;
  /** "reversed" creates the AcroForm fields in reverse order, as another producer might. */
  readonly fieldOrder?: "definition" | "reversed";
  /** Where the form says to send it; the sample support address when not given. */
  readonly printing?: FormPrinting;
}

const hex = (value: number): Color => rgb(((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255);

/** The NHS identity's colours: NHS blue, text, secondary text, grey and border greys, error red. */
const NHS_BLUE = hex(0x005eb8);
const TONES: Record<Tone, Color> = {
  body: hex(0x212b32),
  secondary: hex(0x4c6272),
  inverse: hex(0xffffff),
  brand: NHS_BLUE,
  required: hex(0xd5281b),
};
const FILLS: Record<PlacedShape["fill"], Color> = { brand: NHS_BLUE, panel: hex(0xf0f4f5), rule: hex(0xd8dde0) };
const BORDER = hex(0x4c6272);
const EDITABLE_BACKGROUND = hex(0xffffff);
const READ_ONLY_BACKGROUND = hex(0xf0f4f5);
const FONT_SIZE = 10;

function drawPageContent(page: PDFPage, layout: PageLayout, fonts: FormFonts): void {
  for (const shape of layout.shapes) page.drawRectangle({ x: shape.x, y: shape.y, width: shape.width, height: shape.height, color: FILLS[shape.fill] });
  for (const placed of layout.texts) {
    page.drawText(placed.text, { x: placed.x, y: placed.y, size: placed.size, font: placed.bold ? fonts.bold : fonts.regular, color: TONES[placed.tone] });
  }
}

function boxOutline(size: number): PDFOperator[] {
  return [
    pushGraphicsState(),
    setLineWidth(1),
    setStrokingRgbColor(0x4c / 255, 0x62 / 255, 0x72 / 255),
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
function useDingbatTick(form: PDFForm, checkBox: PDFCheckBox, placed: PlacedField, fonts: FormFonts): void {
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

/** The field's tooltip (/TU): what a screen reader says for it. */
function describe(definition: FormDefinition, placed: PlacedField): string {
  const field = FIELDS[placed.name];
  const hint = field.kind === "checkbox" ? field.statement : hintOn(definition, placed.name);
  return [`${field.label}${askedAsRequired(field) ? " (required)" : field.readOnly ? "" : " (optional)"}`, hint].filter(Boolean).join(". ");
}

function addField(form: PDFForm, definition: FormDefinition, page: PDFPage, placed: PlacedField, fonts: FormFonts): void {
  const field = FIELDS[placed.name];
  const box = { x: placed.x, y: placed.y, width: placed.width, height: placed.height, borderColor: BORDER, borderWidth: 1 };
  let created: PDFField;
  if (field.kind === "checkbox") {
    const checkBox = form.createCheckBox(placed.name);
    checkBox.addToPage(page, { ...box, backgroundColor: EDITABLE_BACKGROUND });
    useDingbatTick(form, checkBox, placed, fonts);
    created = checkBox;
  } else if (field.kind === "choice") {
    const dropdown = form.createDropdown(placed.name);
    dropdown.setOptions(authoriserRoleChoices(definition.id));
    dropdown.addToPage(page, { ...box, font: fonts.regular, textColor: TONES.body, backgroundColor: EDITABLE_BACKGROUND });
    dropdown.setFontSize(FONT_SIZE);
    created = dropdown;
  } else {
    const textField = form.createTextField(placed.name);
    if (field.kind === "multiline") textField.enableMultiline();
    textField.addToPage(page, { ...box, font: fonts.regular, textColor: TONES.body, backgroundColor: field.readOnly ? READ_ONLY_BACKGROUND : EDITABLE_BACKGROUND });
    textField.setFontSize(FONT_SIZE);
    const prefilled = placed.name === "organisation_type" ? definition.organisationType : null;
    if (prefilled !== null) textField.setText(prefilled);
    created = textField;
  }
  if (askedAsRequired(field)) created.enableRequired();
  if (field.readOnly) created.enableReadOnly();
  created.acroField.dict.set(PDFName.of("TU"), PDFHexString.fromText(describe(definition, placed)));
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/gu, (char) => `&#${char.codePointAt(0)};`);
}

/** XMP metadata: the title, and the form's identity under the generator's own namespace. */
function xmpPacket(title: string, identity: FormIdentity): string {
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:${XMP_PREFIX}="${XMP_NAMESPACE}">`,
    "<dc:format>application/pdf</dc:format>",
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(title)}</rdf:li></rdf:Alt></dc:title>`,
    `<${XMP_PREFIX}:${XMP_PROPERTIES.formId}>${escapeXml(identity.formId)}</${XMP_PREFIX}:${XMP_PROPERTIES.formId}>`,
    `<${XMP_PREFIX}:${XMP_PROPERTIES.version}>${escapeXml(identity.version)}</${XMP_PREFIX}:${XMP_PROPERTIES.version}>`,
    "</rdf:Description>",
    "</rdf:RDF>",
    "</x:xmpmeta>",
    '<?xpacket end="w"?>',
  ].join("\n");
}

/** The form ID and version, read-only: in the document information and as XMP metadata. */
function writeIdentity(doc: PDFDocument, definition: FormDefinition): void {
  const identity: FormIdentity = { formId: definition.id, version: FORM_VERSION };
  doc.setTitle(definition.title, { showInWindowTitleBar: true });
  doc.setSubject(`ePACT2 registration form ${identity.formId}, version ${identity.version}`);
  doc.setAuthor("NHS Business Services Authority");
  doc.setCreator("epact2-intake form generator");
  doc.setLanguage("en-GB");
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of(INFO_KEYS.formId), PDFString.of(identity.formId));
  info.set(PDFName.of(INFO_KEYS.version), PDFString.of(identity.version));
  const xmp = doc.context.stream(new TextEncoder().encode(xmpPacket(definition.title, identity)), { Type: "Metadata", Subtype: "XML" });
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(xmp));
}

/** The regular font as the form's default resource, so viewers draw typed values in it. */
function useFieldFont(form: PDFForm, fonts: FormFonts): void {
  const acroForm = form.acroForm.dict;
  acroForm.set(PDFName.of("DR"), form.doc.context.obj({ Font: { [fonts.regular.name]: fonts.regular.ref } }));
  acroForm.set(PDFName.of("DA"), PDFString.of(`/${fonts.regular.name} ${FONT_SIZE} Tf 0 g`));
}

async function buildForm(formId: FormId, printing: FormPrinting, fieldOrder: "definition" | "reversed"): Promise<{ doc: PDFDocument; fonts: FormFonts }> {
  const definition = formDefinition(formId);
  const doc = await PDFDocument.create();
  writeIdentity(doc, definition);
  const fonts = await embedFormFonts(doc);
  const measure = (text: string, size: number, bold: boolean) => textWidth(fonts, text, size, bold);
  const layout = layoutForm(definition, formWording(definition, printing), measure);
  const placements: { page: PDFPage; placed: PlacedField }[] = [];
  for (const pageLayout of layout.pages) {
    const page = doc.addPage([...layout.pageSize]);
    drawPageContent(page, pageLayout, fonts);
    placements.push(...pageLayout.fields.map((placed) => ({ page, placed })));
  }
  if (fieldOrder === "reversed") placements.reverse();
  const form = doc.getForm();
  useFieldFont(form, fonts);
  for (const { page, placed } of placements) addField(form, definition, page, placed, fonts);
  return { doc, fonts };
}

/** Draws every changed value in the form's own font, then saves (pdf-lib would redraw them in Helvetica). */
function save(doc: PDFDocument, fonts: FormFonts, flatten: boolean): Promise<Uint8Array> {
  const form = doc.getForm();
  form.updateFieldAppearances(fonts.regular);
  // Flatten before the one save: pdf-lib drops the flattened drawing of a document saved earlier.
  if (flatten) form.flatten({ updateFieldAppearances: false });
  return doc.save({ updateFieldAppearances: false });
}

/** A blank fillable form, telling people to return it to `printing.returnAddress`. */
export async function generateBlankForm(formId: FormId, printing: FormPrinting): Promise<Uint8Array> {
  const { doc, fonts } = await buildForm(formId, printing, "definition");
  return save(doc, fonts, false);
}

/**
 * A form filled with `values` (fields left out keep their blank-form value; undefined or "" clears). A choice
 * given a value it does not offer takes it as typed, as another producer might write it.
 * Throws on a field the form does not have or a value of the wrong kind: it is a tool for
 * tests and fixtures, not a reader of untrusted input.
 */
export async function fillForm(formId: FormId, values: FormValues, options: FillOptions = {}): Promise<Uint8Array> {
  const definition = formDefinition(formId);
  const { doc, fonts } = await buildForm(formId, options.printing ?? { returnAddress: NHSBSA_SUPPORT_ADDRESS }, options.fieldOrder ?? "definition");
  const form = doc.getForm();
  const drawable = new Set(fonts.regular.getCharacterSet());
  let whole: PDFFont | null = null;
  for (const [name, value] of Object.entries(values)) {
    if (!isFieldName(name) || !definition.fields.includes(name)) throw new Error(`${name} is not a field of ${formId}`);
    const kind = FIELDS[name].kind;
    if (kind === "checkbox") {
      if (typeof value === "string") throw new TypeError(`${name} is a checkbox: give true or false`);
      const checkBox = form.getCheckBox(name);
      if (value === true) checkBox.check();
      else checkBox.uncheck();
    } else if (typeof value === "boolean") {
      throw new TypeError(`${name} is a text field: give a string`);
    } else if (kind === "choice") {
      const dropdown = form.getDropdown(name);
      if (value === undefined || value === "") dropdown.clear();
      else dropdown.select(value);
    } else {
      const textField = form.getTextField(name);
      textField.setText(value === "" ? undefined : value);
      if (value !== undefined && [...value].some((char) => !drawable.has(char.codePointAt(0) ?? 0))) {
        textField.updateAppearances((whole ??= await embedWholeRegular(doc)));
      }
    }
  }
  return save(doc, fonts, options.flatten ?? false);
}

/** Writes `<FORM-ID>.pdf` for every form into `dir` (created if missing); returns the paths. */
export async function writeAllBlankForms(dir: string, printing: FormPrinting): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const formId of FORM_IDS) {
    const file = path.join(dir, `${formId}.pdf`);
    await writeFile(file, await generateBlankForm(formId, printing));
    written.push(file);
  }
  return written;
}
