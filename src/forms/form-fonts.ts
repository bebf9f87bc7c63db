// The forms' fonts: Arimo Regular and Bold (metrically Arial, with Greek and Cyrillic; SIL Open
// Font License, from @expo-google-fonts/arimo), embedded as subsets so that every viewer draws
// the same letters and a form stays small. The regular subset also carries every letter a person
// is likely to type, for viewers that draw a typed value in the form's own font.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { StandardFonts } from "pdf-lib";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { withEvenGlyphRecords } from "./even-glyph-records.ts";

export interface FormFonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  /** The tick of a checkbox: a ZapfDingbats character survives flattening as text. */
  readonly dingbats: PDFFont;
}

const resolve = createRequire(import.meta.url).resolve;
const FILES = {
  regular: resolve("@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf"),
  bold: resolve("@expo-google-fonts/arimo/700Bold/Arimo_700Bold.ttf"),
};

/** Basic Latin, Latin-1, Latin Extended-A, Greek, Cyrillic, general punctuation and the euro sign. */
const TYPING_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0x17f],
  [0x370, 0x3ff],
  [0x400, 0x4ff],
  [0x2010, 0x2027],
  [0x20ac, 0x20ac],
];

let files: Promise<{ readonly regular: Uint8Array; readonly bold: Uint8Array }> | null = null;

/** The font files, read once and made safe to subset. */
function fontFiles(): Promise<{ readonly regular: Uint8Array; readonly bold: Uint8Array }> {
  files ??= Promise.all([readFile(FILES.regular), readFile(FILES.bold)]).then(([regular, bold]) => ({
    regular: withEvenGlyphRecords(regular),
    bold: withEvenGlyphRecords(bold),
  }));
  return files;
}

/** The characters of TYPING_RANGES the font draws. */
function typingRepertoire(font: PDFFont): string[] {
  const drawn = new Set(font.getCharacterSet());
  return TYPING_RANGES.flatMap(([first, last]) =>
    Array.from({ length: last - first + 1 }, (_, i) => first + i).filter((code) => drawn.has(code)).map((code) => String.fromCodePoint(code)),
  );
}

/**
 * The whole regular font, for a value with a character the font has no glyph for: the subset
 * loses such a character from the text it maps back (pdf-lib keeps no ToUnicode entry for the
 * blank glyph 0), the whole font keeps it, as a viewer's own appearance would.
 */
export async function embedWholeRegular(doc: PDFDocument): Promise<PDFFont> {
  return doc.embedFont((await fontFiles()).regular, { subset: false });
}

/** Widths of words at size 1, regular and bold: the same in every form, and shaping them is most of a form's cost. */
const wordWidths = new Map<string, number>();

/**
 * The width of `text` as pdf-lib measures it (the advances of its shaped glyphs, no kerning),
 * summed word by word; nothing is shaped across a space, so the sum is exact.
 */
export function textWidth(fonts: FormFonts, text: string, size: number, bold: boolean): number {
  const font = bold ? fonts.bold : fonts.regular;
  const width = (word: string): number => {
    const key = `${bold ? "b" : "r"}${word}`;
    let known = wordWidths.get(key);
    if (known === undefined) {
      known = font.widthOfTextAtSize(word, 1);
      wordWidths.set(key, known);
    }
    return known;
  };
  const words = text.split(" ");
  return (words.reduce((sum, word) => sum + width(word), 0) + (words.length - 1) * width(" ")) * size;
}

/** Embeds the forms' fonts in `doc`; glyphs are added to the subsets as text is drawn. */
export async function embedFormFonts(doc: PDFDocument): Promise<FormFonts> {
  const { regular, bold } = await fontFiles();
  doc.registerFontkit(fontkit);
  const fonts: FormFonts = {
    regular: await doc.embedFont(regular, { subset: true }),
    bold: await doc.embedFont(bold, { subset: true }),
    dingbats: await doc.embedFont(StandardFonts.ZapfDingbats),
  };
  // One shaping pass; spaces keep each letter from joining its neighbours.
  fonts.regular.encodeText(typingRepertoire(fonts.regular).join(" "));
  return fonts;
}
