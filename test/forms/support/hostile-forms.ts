// Forms that show one thing and hold another, as someone altering a form after its authoriser
// saw it would make them: the project's own generated forms, edited with pdf-lib (its objects
// for a fillable form, extra drawing for a flattened one).

import {
  PDFArray,
  PDFCheckBox,
  PDFContentStream,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  PDFRawStream,
  PDFString,
  PDFTextField,
  StandardFonts,
  TextRenderingMode,
  clip,
  decodePDFRawStream,
  beginText,
  endPath,
  endText,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setCharacterSqueeze,
  setFontAndSize,
  setTextRenderingMode,
  showText,
} from "pdf-lib";
import type { PDFPage ,
  PDFRef} from "pdf-lib";
import { greyPng } from "./other-pdfs.ts";

/** The address slipped into forms in place of the applicant's. */
export const MALLORY = "mallory.attacker@nhs.net";

async function edit(bytes: Uint8Array, change: (doc: PDFDocument) => void | Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes);
  await change(doc);
  // Keep the appearances as they are: regenerating them would show the edit.
  return doc.save({ updateFieldAppearances: false });
}

function widgetOf(doc: PDFDocument, field: string) {
  const [widget] = doc.getForm().getField(field).acroField.getWidgets();
  if (!widget) throw new Error(`${field} has no widget`);
  return widget;
}

/** The field's value (/V) replaced after its appearance was drawn: the box still shows the old one. */
export function withValueChanged(bytes: Uint8Array, field: string, value: string): Promise<Uint8Array> {
  return edit(bytes, (doc) => {
    doc.getForm().getTextField(field).acroField.dict.set(PDFName.of("V"), PDFHexString.fromText(value));
  });
}

/** A checkbox's appearance state (/AS) set apart from its value (/V). */
export function withTickShown(bytes: Uint8Array, field: string, shown: "Yes" | "Off"): Promise<Uint8Array> {
  return edit(bytes, (doc) => widgetOf(doc, field).setAppearanceState(PDFName.of(shown)));
}

/** A checkbox's value (/V) set apart from the appearance state it shows (/AS). */
export function withTickHeld(bytes: Uint8Array, field: string, held: "Yes" | "Off"): Promise<Uint8Array> {
  return edit(bytes, (doc) => {
    const checkBox = doc.getForm().getField(field);
    if (!(checkBox instanceof PDFCheckBox)) throw new Error(`${field} is not a checkbox`);
    checkBox.acroField.dict.set(PDFName.of("V"), PDFName.of(held));
  });
}

/** A ticked checkbox whose ticked appearance is drawn as the empty box. */
export function withBlankTick(bytes: Uint8Array, field: string): Promise<Uint8Array> {
  return edit(bytes, (doc) => {
    const normal = widgetOf(doc, field).getAppearances()?.normal;
    if (!(normal instanceof PDFDict)) throw new Error(`${field} has no appearance states`);
    const off = normal.get(PDFName.of("Off"));
    if (off) normal.set(PDFName.of("Yes"), off);
  });
}

export type WidgetChange = "hidden" | "no-view" | "zero-size" | "off-page" | "no-appearance";

/** The field's box made to show nothing, its value left as it is. */
export function withWidget(bytes: Uint8Array, field: string, change: WidgetChange): Promise<Uint8Array> {
  return edit(bytes, (doc) => {
    const widget = widgetOf(doc, field);
    const { x, y, width, height } = widget.getRectangle();
    if (change === "hidden") widget.dict.set(PDFName.of("F"), PDFNumber.of(2 | 4));
    if (change === "no-view") widget.dict.set(PDFName.of("F"), PDFNumber.of(32 | 4));
    if (change === "zero-size") widget.setRectangle({ x, y, width: 0, height: 0 });
    if (change === "off-page") widget.setRectangle({ x: x + 2000, y, width, height });
    if (change === "no-appearance") widget.dict.delete(PDFName.of("AP"));
  });
}

/** A second box for the field, on the same page, showing what `other`'s box shows. */
export function withSecondWidget(bytes: Uint8Array, field: string, other: string): Promise<Uint8Array> {
  return edit(bytes, (doc) => {
    const form = doc.getForm();
    const target = form.getField(field);
    if (!(target instanceof PDFTextField)) throw new Error(`${field} is not a text field`);
    const source = widgetOf(doc, other);
    const page = doc.getPages().find((candidate) => candidate.ref === widgetOf(doc, field).P()) ?? doc.getPage(0);
    target.addToPage(page, { x: 300, y: 20, width: 240, height: 18 });
    const added = target.acroField.getWidgets().at(-1);
    const appearance = source.getNormalAppearance();
    if (!added || !appearance) throw new Error("no widget to copy");
    added.setNormalAppearance(appearance);
  });
}

export type HiddenTextStyle =
  | "render-mode-3"
  | "render-mode-7"
  | "white"
  | "transparent"
  | "covered"
  | "covered-by-picture"
  | "tiny"
  | "squeezed"
  | "outside-crop-box"
  | "clipped"
  | "hidden-layer"
  | "space-glyphs"
  | "empty-type3-glyphs";

/** Where the hidden line goes: the empty top margin of page 1, above everything the form prints. */
const TOP = 815;

/**
 * A flattened form with one more line of text, "`label`   `value`", drawn so that nobody can
 * see it, at the top of the first page where the text reader meets it before the real one.
 */
export function withHiddenLine(bytes: Uint8Array, label: string, value: string, style: HiddenTextStyle): Promise<Uint8Array> {
  return edit(bytes, async (doc) => {
    const page = doc.getPage(0);
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const y = style === "outside-crop-box" ? 900 : TOP;
    const size = style === "tiny" ? 0.5 : 10;
    const color = style === "white" ? rgb(1, 1, 1) : rgb(0, 0, 0);
    const opacity = style === "transparent" ? 0 : 1;
    if (style === "outside-crop-box") {
      const { width, height } = page.getSize();
      page.setMediaBox(0, 0, width, 1000);
      page.setCropBox(0, 0, width, height);
    }
    page.pushOperators(pushGraphicsState());
    if (style === "render-mode-3") page.pushOperators(setTextRenderingMode(TextRenderingMode.Invisible));
    if (style === "render-mode-7") page.pushOperators(setTextRenderingMode(TextRenderingMode.Clip));
    if (style === "squeezed") page.pushOperators(setCharacterSqueeze(1));
    if (style === "clipped") page.pushOperators(rectangle(0, 0, 1, 1), clip(), endPath());
    if (style === "hidden-layer") page.pushOperators(beginLayerSwitchedOff(doc, page));
    if (style === "space-glyphs" || style === "empty-type3-glyphs") {
      const blank = style === "space-glyphs" ? spaceGlyphFont(doc) : type3Font(doc, "556 0 d0");
      drawInFont(page, blank, label, 50, y);
      drawInFont(page, blank, value, 200, y);
    } else {
      page.drawText(label, { x: 50, y, size, font, color, opacity });
      page.drawText(value, { x: 200, y, size, font, color, opacity });
    }
    if (style === "hidden-layer") page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
    page.pushOperators(popGraphicsState());
    if (style === "covered") page.drawRectangle({ x: 40, y: y - 5, width: 480, height: 20, color: rgb(1, 1, 1) });
    if (style === "covered-by-picture") {
      const picture = await doc.embedPng(greyPng(48, 4));
      page.drawImage(picture, { x: 40, y: y - 5, width: 480, height: 20 });
    }
  });
}

/** An optional content group that the document switches off, and the operator that starts drawing in it. */
function beginLayerSwitchedOff(doc: PDFDocument, page: PDFPage): PDFOperator {
  const context = doc.context;
  const layer = context.register(context.obj({ Type: "OCG", Name: PDFString.of("Notes") }));
  doc.catalog.set(PDFName.of("OCProperties"), context.obj({ OCGs: [layer], D: { OFF: [layer], Order: [layer] } }));
  page.node.Resources()?.set(PDFName.of("Properties"), context.obj({ Notes: layer }));
  return PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of("OC"), PDFName.of("Notes")]);
}

/**
 * The field's box drawn with `before` in front of its own drawing and `after` behind it (raw
 * content operators): "3 Tr" before makes its text invisible, an opaque fill after paints over it.
 */
export function withAppearanceWrapped(bytes: Uint8Array, field: string, wrap: { before?: string; after?: string }): Promise<Uint8Array> {
  return edit(bytes, (doc) => {
    const widget = widgetOf(doc, field);
    const appearance = widget.getNormalAppearance();
    const stream = appearance instanceof PDFDict ? undefined : doc.context.lookup(appearance);
    if (!(stream instanceof PDFRawStream) && !(stream instanceof PDFContentStream)) throw new Error(`${field} has no appearance stream`);
    const content = stream instanceof PDFRawStream ? new TextDecoder("latin1").decode(decodePDFRawStream(stream).decode()) : stream.getContentsString();
    const dict = stream.dict.clone(doc.context);
    dict.delete(PDFName.of("Filter"));
    dict.delete(PDFName.of("Length"));
    const wrapped = doc.context.stream(`${wrap.before ?? ""}\n${content}\n${wrap.after ?? ""}`, Object.fromEntries(dict.entries().map(([key, value]) => [key.asString().slice(1), value])));
    widget.setNormalAppearance(doc.context.register(wrapped));
  });
}

/** Maps every printable code to itself, so that text extraction reads the letters drawn. */
const IDENTITY_TO_UNICODE = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfrange
<21> <7E> <0021>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;

function everyPrintableAs(doc: PDFDocument, glyphName: string): PDFArray {
  const differences = PDFArray.withContext(doc.context);
  differences.push(PDFNumber.of(0x21));
  for (let code = 0x21; code <= 0x7e; code++) differences.push(PDFName.of(glyphName));
  return differences;
}

/**
 * Helvetica drawing every printable character with its space glyph, while its ToUnicode map
 * says they are the letters: text extraction reads them, nothing shows.
 */
export function spaceGlyphFont(doc: PDFDocument): PDFRef {
  const context = doc.context;
  return context.register(
    context.obj({
      Type: "Font",
      Subtype: "Type1",
      BaseFont: "Helvetica",
      Encoding: { Type: "Encoding", BaseEncoding: "WinAnsiEncoding", Differences: everyPrintableAs(doc, "space") },
      ToUnicode: context.register(context.stream(IDENTITY_TO_UNICODE)),
    }),
  );
}

/** A Type 3 font drawing every printable character with one glyph procedure (e.g. "556 0 d0": nothing). */
export function type3Font(doc: PDFDocument, procedure: string): PDFRef {
  const context = doc.context;
  return context.register(
    context.obj({
      Type: "Font",
      Subtype: "Type3",
      FontBBox: [0, 0, 1000, 1000],
      FontMatrix: [0.001, 0, 0, 0.001, 0, 0],
      CharProcs: { glyph: context.register(context.stream(procedure)) },
      Encoding: { Type: "Encoding", Differences: everyPrintableAs(doc, "glyph") },
      FirstChar: 0x21,
      LastChar: 0x7e,
      Widths: Array.from({ length: 0x7e - 0x21 + 1 }, () => 556),
      Resources: {},
      ToUnicode: context.register(context.stream(IDENTITY_TO_UNICODE)),
    }),
  );
}

/** Draws ASCII text in a font added to the page, at size 10. */
export function drawInFont(page: PDFPage, font: PDFRef, text: string, x: number, y: number): void {
  const name = page.node.newFontDictionary("Blank", font);
  page.pushOperators(beginText(), setFontAndSize(name, 10), moveText(x, y), showText(PDFHexString.of(Buffer.from(text, "latin1").toString("hex"))), endText());
}
