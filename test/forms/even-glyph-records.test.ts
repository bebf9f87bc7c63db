// pdf-lib subsets a font through its fork of fontkit, which writes short glyph offsets without
// padding: after the first odd-length glyph record every glyph is read from the wrong byte.
// Arimo has such records; the generator pads them first. These tests draw with pdf-lib and
// read the embedded font back, glyph by glyph, against the font file.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import type { PDFRawStream } from "pdf-lib";
import { PDFDict, PDFDocument, PDFName, decodePDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { withEvenGlyphRecords } from "../../src/forms/even-glyph-records.ts";

const ARIMO = createRequire(import.meta.url).resolve("@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf");
const SAMPLE = "Applicant first name Борис Петров Ελληνικά àéîõü ŁŚŻ 0123456789 @ – “quotes”";

type Font = ReturnType<typeof fontkit.create>;

/** The outline and advance of a glyph, as a string to compare. */
function shape(font: Font, id: number): string {
  const glyph = font.getGlyph(id);
  return `${glyph.advanceWidth} ${glyph.path.toSVG()}`;
}

/** Embeds `fontFile` as a pdf-lib subset holding SAMPLE; returns the subset's font and each character's glyph id in it. */
async function subsetOf(fontFile: Uint8Array): Promise<{ subset: Font; ids: Map<string, number> }> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontFile, { subset: true });
  const ids = new Map([...new Set(SAMPLE)].map((char) => [char, Number.parseInt(font.encodeText(char).toString().slice(1, -1), 16)]));
  doc.addPage().drawText(SAMPLE, { font, size: 10 });
  const saved = await PDFDocument.load(await doc.save());
  for (const [, object] of saved.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of("FontFile2"))) {
      const stream = saved.context.lookup(object.get(PDFName.of("FontFile2"))) as PDFRawStream;
      return { subset: fontkit.create(Buffer.from(decodePDFRawStream(stream).decode())), ids };
    }
  }
  throw new Error("no embedded font");
}

/** The characters of SAMPLE whose glyph in the subset is not the font's own. */
function wrongGlyphs(original: Font, subset: Font, ids: ReadonlyMap<string, number>): string[] {
  return [...ids].filter(([char, id]) => {
    try {
      return shape(subset, id) !== shape(original, original.glyphForCodePoint(char.codePointAt(0) ?? 0).id);
    } catch {
      return true;
    }
  }).map(([char]) => char);
}

describe("subsetting Arimo", () => {
  it("as published, pdf-lib's subset draws many letters from the wrong bytes", async () => {
    const file = new Uint8Array(await readFile(ARIMO));
    const { subset, ids } = await subsetOf(file);
    expect(wrongGlyphs(fontkit.create(Buffer.from(file)), subset, ids).length).toBeGreaterThan(10);
  });

  it("with its glyph records padded to even lengths, every letter of the subset is the font's own", async () => {
    const file = new Uint8Array(await readFile(ARIMO));
    const { subset, ids } = await subsetOf(withEvenGlyphRecords(file));
    expect(wrongGlyphs(fontkit.create(Buffer.from(file)), subset, ids)).toEqual([]);
  });

  it("padding keeps every glyph of the font and its metrics", async () => {
    const file = new Uint8Array(await readFile(ARIMO));
    const [original, padded] = [fontkit.create(Buffer.from(file)), fontkit.create(Buffer.from(withEvenGlyphRecords(file)))];
    expect(padded.numGlyphs).toBe(original.numGlyphs);
    for (let id = 0; id < original.numGlyphs; id += 7) expect(shape(padded, id), `glyph ${id}`).toBe(shape(original, id));
  });
});
