// Our forms with their identity said another way: as an earlier copy or another producer carries
// it (Form ID and Form version fields, no metadata), without metadata (a printed copy), or with
// metadata naming another form. Edited with pdf-lib.

import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts, rgb } from "pdf-lib";
import { INFO_KEYS, XMP_PREFIX, XMP_PROPERTIES } from "../../../src/forms/form-identity.ts";
import type { FormIdentity } from "../../../src/forms/form-identity.ts";

function infoOf(doc: PDFDocument): PDFDict {
  return doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
}

function dropMetadata(doc: PDFDocument): void {
  infoOf(doc).delete(PDFName.of(INFO_KEYS.formId));
  infoOf(doc).delete(PDFName.of(INFO_KEYS.version));
  doc.catalog.delete(PDFName.of("Metadata"));
}

/** The form with no identity in its metadata: only its pages say which form it is. */
export async function withoutMetadata(bytes: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  dropMetadata(doc);
  return doc.save({ updateFieldAppearances: false });
}

/**
 * The form as an earlier copy or another producer has it: no identity metadata, but "Form ID"
 * and "Form version" fields (filled with `identity`, labelled, in the top margin of page 1).
 * Flattened, the labels and values are left as text.
 */
export async function asEarlierCopy(bytes: Uint8Array, identity: FormIdentity, options: { flatten?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  dropMetadata(doc);
  const page = doc.getPage(0);
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  const form = doc.getForm();
  const boxes = [
    { name: "form_id", label: "Form ID", value: identity.formId, x: 48, box: 100, width: 150 },
    { name: "form_version", label: "Form version", value: identity.version, x: 300, box: 370, width: 60 },
  ];
  for (const { name, label, value, x, box, width } of boxes) {
    page.drawText(label, { x, y: 816, size: 10, font: helvetica });
    const field = form.createTextField(name);
    field.addToPage(page, { x: box, y: 811, width, height: 16, font: helvetica });
    field.setText(value);
    field.updateAppearances(helvetica);
    field.enableReadOnly();
  }
  if (options.flatten) form.flatten({ updateFieldAppearances: false });
  return doc.save({ updateFieldAppearances: false });
}

/** The form whose metadata names `identity`: in the document information, the XMP, or both. */
export async function withMetadataIdentity(bytes: Uint8Array, identity: FormIdentity, where: "info" | "xmp" | "both"): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  if (where !== "xmp") {
    infoOf(doc).set(PDFName.of(INFO_KEYS.formId), PDFString.of(identity.formId));
    infoOf(doc).set(PDFName.of(INFO_KEYS.version), PDFString.of(identity.version));
  }
  if (where !== "info") {
    const stream = doc.context.lookup(doc.catalog.get(PDFName.of("Metadata")));
    if (!stream || !("getContentsString" in stream)) throw new Error("the form has no XMP metadata");
    const xmp = (stream as { getContentsString(): string }).getContentsString();
    const edited = xmp
      .replace(new RegExp(`(<${XMP_PREFIX}:${XMP_PROPERTIES.formId}>)[^<]*`, "u"), `$1${identity.formId}`)
      .replace(new RegExp(`(<${XMP_PREFIX}:${XMP_PROPERTIES.version}>)[^<]*`, "u"), `$1${identity.version}`);
    doc.catalog.set(PDFName.of("Metadata"), doc.context.register(doc.context.stream(new TextEncoder().encode(edited), { Type: "Metadata", Subtype: "XML" })));
  }
  return doc.save({ updateFieldAppearances: false });
}

/** The line at the foot of every page painted over in white: the pages no longer say which form they are. */
export async function withFooterCovered(bytes: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  for (const page of doc.getPages()) page.drawRectangle({ x: 0, y: 15, width: page.getWidth(), height: 25, color: rgb(1, 1, 1) });
  return doc.save({ updateFieldAppearances: false });
}
