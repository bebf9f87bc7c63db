// PDFs that are not a form straight from our generator: a scan-like page, somebody else's
// document, and our form as another producer would have saved it. Built here with pdf-lib.

import { createDeflate, crc32, deflateSync } from "node:zlib";
import { PDFArray, PDFCheckBox, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, rgb } from "pdf-lib";

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small grey-gradient PNG, as a scanner might produce (8-bit greyscale). */
export function greyPng(width: number, height: number): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = (x * 255) / width;
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(rows)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A page with a picture and drawn boxes but no text: what a scanned form looks like. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const image = await doc.embedPng(greyPng(200, 100));
  page.drawImage(image, { x: 50, y: 500, width: 400, height: 200 });
  page.drawRectangle({ x: 50, y: 100, width: 300, height: 40, borderColor: rgb(0, 0, 0), borderWidth: 1 });
  return doc.save();
}

/** A PDF with text that is not one of our forms. */
export async function invoicePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText("Invoice INV-2025-0042", { x: 50, y: 780, size: 16, font });
  page.drawText("Total due: 120.00 GBP", { x: 50, y: 740, size: 10, font });
  return doc.save();
}

/** Renames the on-state of every checkbox from our "Yes" to `onState`, as some producers name it. */
export async function withCheckboxOnState(bytes: Uint8Array, onState: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  const yes = PDFName.of("Yes");
  const on = PDFName.of(onState);
  for (const checkBox of doc.getForm().getFields().filter((field) => field instanceof PDFCheckBox)) {
    const acroField = checkBox.acroField;
    if (acroField.dict.get(PDFName.of("V")) === yes) acroField.dict.set(PDFName.of("V"), on);
    for (const widget of acroField.getWidgets()) {
      const normal = widget.getAppearances()?.normal;
      if (normal instanceof PDFDict) {
        const onAppearance = normal.get(yes);
        normal.delete(yes);
        if (onAppearance) normal.set(on, onAppearance);
      }
      if (widget.getAppearanceState() === yes) widget.setAppearanceState(on);
    }
  }
  return doc.save({ updateFieldAppearances: false });
}

/**
 * Moves every field under one parent, as LiveCycle-style producers do: field names become
 * e.g. `topmostSubform[0].applicant_email`.
 */
export async function withNestedFields(bytes: Uint8Array, parentName: string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  const context = doc.context;
  const acroForm = doc.catalog.getOrCreateAcroForm();
  const fields = acroForm.dict.lookup(PDFName.of("Fields"), PDFArray);
  const parentRef = context.register(context.obj({ T: PDFString.of(parentName), Kids: fields }));
  for (const ref of fields.asArray()) context.lookup(ref, PDFDict).set(PDFName.of("Parent"), parentRef);
  acroForm.dict.set(PDFName.of("Fields"), context.obj([parentRef]));
  return doc.save({ updateFieldAppearances: false });
}

/**
 * A few kilobytes that cost pdf.js dearly, as a PDF crafted to stall a reader would: one
 * compressed content stream of `count` copies of `operator`, drawn `repeats` times on each of
 * `pages` pages. Text operators may use the font /F1 (Helvetica).
 */
export async function repeatedContentPdf(
  operator: string,
  options: { count: number; pages: number; repeats: number },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const content = doc.context.register(doc.context.flateStream(operator.repeat(options.count)));
  for (let number = 0; number < options.pages; number++) {
    const page = doc.addPage([595.28, 841.89]);
    page.node.setFontDictionary(PDFName.of("F1"), font.ref);
    page.node.set(PDFName.of("Contents"), doc.context.obj(Array.from({ length: options.repeats }, () => content)));
  }
  return doc.save();
}

/** Ten pages of ten million colour changes each, in 5 KB: pdf.js needs well over ten seconds for their text. */
export function busyPdf(): Promise<Uint8Array> {
  return repeatedContentPdf("0 g\n", { count: 1_000_000, pages: 10, repeats: 10 });
}

/** Two million one-letter text runs on one page: their text items need far more than a small heap. */
export function textHeavyPdf(): Promise<Uint8Array> {
  return repeatedContentPdf("BT /F1 1 Tf (x) Tj ET\n", { count: 200_000, pages: 1, repeats: 10 });
}

/**
 * Our flattened form with a deflate bomb before its content: a stream of `megabytes` MB of
 * spaces, about a thousand times smaller once compressed, which pdf.js inflates to read the
 * page's text.
 */
export async function deflateBombForm(form: Uint8Array, megabytes: number): Promise<Uint8Array> {
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => compressed.push(chunk));
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let written = 0; written < megabytes; written++) deflate.write(spaces);
  await new Promise((resolve) => deflate.end(resolve));
  const doc = await PDFDocument.load(form);
  const bomb = doc.context.register(doc.context.stream(Buffer.concat(compressed), { Filter: "FlateDecode" }));
  const page = doc.getPage(0);
  const contents = doc.context.obj([bomb]);
  const original = page.node.get(PDFName.of("Contents"));
  if (original) contents.push(original);
  page.node.set(PDFName.of("Contents"), contents);
  return doc.save();
}

/**
 * Gives the options of a choice field export values apart from the text they show (`exports`:
 * shown text → export value), as some producers write them; the field's value becomes the
 * export value of what it shows.
 */
export async function withChoiceExportValues(bytes: Uint8Array, field: string, exports: Readonly<Record<string, string>>): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  const dict = doc.getForm().getField(field).acroField.dict;
  const shown = Object.keys(exports);
  dict.set(PDFName.of("Opt"), doc.context.obj(shown.map((text) => [PDFString.of(exports[text] ?? text), PDFString.of(text)])));
  const value = dict.lookup(PDFName.of("V"));
  const current = value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : "";
  if (exports[current]) dict.set(PDFName.of("V"), PDFString.of(exports[current]));
  return doc.save({ updateFieldAppearances: false });
}
