// Helvetica draws only WinAnsi text, but the generator may fill a form with any text: a Cyrillic
// name, an invisible or direction-changing character. Such a value gets an appearance of its own
// whose ToUnicode map names exactly what was filled in, so a flattened copy reads back as it was
// written. Text is laid out as pdf-lib lays out its own text fields; a test tool, not a typesetter.

import {
  PDFHexString,
  beginMarkedContent,
  beginText,
  endMarkedContent,
  endText,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  setFillingGrayscaleColor,
  setFontAndSize,
  showText,
} from "pdf-lib";
import type { PDFFont, PDFForm, PDFTextField } from "pdf-lib";
import { INVISIBLE } from "../text-characters.ts";

/** Codes WinAnsiEncoding leaves without a glyph: each carries one cluster Helvetica cannot draw. */
const SPARE_CODES = [...Array.from({ length: 31 }, (_, i) => i + 1), 0x7f, 0x81, 0x8d, 0x8f, 0x90, 0x9d];
/** Border and padding inside a text field's box, as pdf-lib has them. */
const INSET = 2;

export interface Typeface {
  readonly font: PDFFont;
  readonly size: number;
}

/** Whether pdf-lib's own Helvetica appearance shows `value` as written: WinAnsi, nothing invisible (it would draw a soft hyphen). */
export function helveticaDrawsAsWritten(font: PDFFont, value: string): boolean {
  const drawable = new Set(font.getCharacterSet());
  return [...value].every((char) => drawable.has(char.codePointAt(0) ?? 0) && !INVISIBLE.test(char));
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, "0");
}

/**
 * The line in clusters, one code each. An invisible character has no glyph of its own: it shares
 * one with the characters either side, as a ligature would, because pdf.js drops the text of a
 * glyph that starts with a space-like character or ends with a format character.
 */
function clusters(line: string): string[] {
  const found: string[] = [];
  let joinNext = false;
  for (const char of line) {
    const invisible = INVISIBLE.test(char);
    if ((invisible || joinNext) && found.length > 0) found[found.length - 1] += char;
    else found.push(char);
    joinNext = invisible;
  }
  return found;
}

/** A ToUnicode CMap (ISO 32000-1, 9.10.3) giving the text each spare code stands for. */
function toUnicodeCMap(spares: ReadonlyMap<string, number>): string {
  const entries = [...spares].map(([text, code]) => {
    const units = Array.from({ length: text.length }, (_, i) => hex(text.charCodeAt(i), 4));
    return `<${hex(code, 2)}> <${units.join("")}>`;
  });
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<00> <FF>",
    "endcodespacerange",
    `${entries.length} beginbfchar`,
    ...entries,
    "endbfchar",
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}

/** Helvetica's name for the glyph a spare code draws: its last ASCII letter, else a blank. */
function glyphName(cluster: string): string {
  const letters = cluster.match(/[A-Za-z]/gu) ?? [];
  return letters[letters.length - 1] ?? "space";
}

/** Sets the field's appearance to `value` drawn in `typeface`, with spare codes for what WinAnsi lacks. */
export function drawAnyText(form: PDFForm, textField: PDFTextField, value: string, { font, size }: Typeface): void {
  const context = form.doc.context;
  const drawable = new Set(font.getCharacterSet());
  const spares = new Map<string, number>();
  const encode = (line: string): PDFHexString => {
    const codes = clusters(line).map((cluster) => {
      if (cluster.length === 1 && drawable.has(cluster.charCodeAt(0))) return font.encodeText(cluster).asString();
      let code = spares.get(cluster);
      if (code === undefined) {
        code = SPARE_CODES[spares.size];
        if (code === undefined) throw new Error(`${textField.getName()}: more clusters outside WinAnsi than spare codes`);
        spares.set(cluster, code);
      }
      return hex(code, 2);
    });
    return PDFHexString.of(codes.join(""));
  };
  const multiline = textField.isMultiline();
  const lines = (multiline ? value.split(/\r\n|\r|\n/u) : [value.replace(/[\r\n]+/gu, " ")]).map(encode);
  const fontRef = context.register(
    context.obj({
      Type: "Font",
      Subtype: "Type1",
      BaseFont: "Helvetica",
      // Every spare code needs a glyph name: a reader takes an unnamed code for a space.
      Encoding: { Type: "Encoding", BaseEncoding: "WinAnsiEncoding", Differences: [...spares].flatMap(([cluster, code]) => [code, glyphName(cluster)]) },
      ToUnicode: context.register(context.stream(toUnicodeCMap(spares))),
    }),
  );
  const lineHeight = font.heightAtSize(size) * 1.2;
  for (const widget of textField.acroField.getWidgets()) {
    const { width, height } = widget.getRectangle();
    const firstY = multiline ? height - INSET - lineHeight : INSET + (height - 2 * INSET) / 2 - font.heightAtSize(size, { descender: false }) / 2;
    const operators = [
      beginMarkedContent("Tx"),
      pushGraphicsState(),
      beginText(),
      setFillingGrayscaleColor(0),
      setFontAndSize("HeUn", size),
      moveText(INSET, firstY),
      ...lines.flatMap((line, index) => (index === 0 ? [showText(line)] : [moveText(0, -lineHeight), showText(line)])),
      endText(),
      popGraphicsState(),
      endMarkedContent(),
    ];
    const appearance = context.formXObject(operators, { BBox: [0, 0, width, height], Resources: { Font: { HeUn: fontRef } } });
    widget.setNormalAppearance(context.register(appearance));
  }
  // Drawn: pdf-lib must not redraw it in Helvetica on save or flatten, which it cannot.
  form.markFieldAsClean(textField.ref);
}
