// Which drawn text a person can see, on one-page PDFs drawn with pdf-lib: the judgement behind
// not-as-shown, checked where it must say "seen" as much as where it must say "hidden".
import {
  PDFDocument,
  StandardFonts,
  beginText,
  drawObject,
  endText,
  grayscale,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingGrayscaleColor,
  setFontAndSize,
  showText,
} from "pdf-lib";
import type { Color, PDFPage } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { openPdf } from "../../src/forms/open-pdf.ts";
import { showPages } from "../../src/forms/shown-text.ts";
import { drawInFont, spaceGlyphFont, type3Font } from "./support/hostile-forms.ts";

type Draw = (page: PDFPage, doc: PDFDocument) => void | Promise<void>;

/** Each run of text on the page with why its letters are not seen (null: all seen). */
async function seen(draw: Draw): Promise<Record<string, string | null>> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([400, 300]);
  await draw(page, doc);
  const opened = await openPdf(await doc.save());
  if (opened.kind !== "opened") throw new Error(opened.detail);
  try {
    const [shown] = await showPages(opened.doc, "content");
    const runs = new Map<number, { text: string; hidden: Set<string> }>();
    for (const glyph of shown?.glyphs ?? []) {
      const run = runs.get(glyph.run) ?? { text: "", hidden: new Set<string>() };
      run.text += glyph.text;
      if (glyph.hidden) run.hidden.add(glyph.hidden);
      runs.set(glyph.run, run);
    }
    return Object.fromEntries([...runs.values()].map(({ text, hidden }) => [text, hidden.size > 0 ? [...hidden].join(",") : null]));
  } finally {
    await opened.doc.destroy();
  }
}

async function text(page: PDFPage, doc: PDFDocument, content: string, options: { x?: number; y?: number; color?: Color; opacity?: number } = {}) {
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(content, { x: options.x ?? 50, y: options.y ?? 150, size: 12, font, color: options.color ?? rgb(0, 0, 0), opacity: options.opacity ?? 1 });
}

describe("text a person can see", () => {
  it("black text on white paper is seen", async () => {
    expect(await seen((page, doc) => text(page, doc, "Plain"))).toEqual({ Plain: null });
  });

  it("white text on a dark box drawn before it is seen", async () => {
    const result = await seen(async (page, doc) => {
      page.drawRectangle({ x: 40, y: 140, width: 200, height: 30, color: rgb(0.1, 0.2, 0.5) });
      await text(page, doc, "Banner", { color: rgb(1, 1, 1) });
    });
    expect(result).toEqual({ Banner: null });
  });

  it("text under a half-transparent box drawn after it is still seen", async () => {
    const result = await seen(async (page, doc) => {
      await text(page, doc, "Highlighted");
      page.drawRectangle({ x: 40, y: 140, width: 200, height: 30, color: rgb(1, 1, 0), opacity: 0.5 });
    });
    expect(result).toEqual({ Highlighted: null });
  });

  it("text in a Type 3 font whose glyphs paint a shape is seen", async () => {
    expect(await seen((page, doc) => drawInFont(page, type3Font(doc, "556 0 d0 50 0 450 700 re f"), "Boxes", 50, 150))).toEqual({ Boxes: null });
  });

  it("text beside an opaque box drawn after it is seen", async () => {
    const result = await seen(async (page, doc) => {
      await text(page, doc, "Beside");
      page.drawRectangle({ x: 40, y: 200, width: 200, height: 30, color: rgb(1, 1, 1) });
    });
    expect(result).toEqual({ Beside: null });
  });
});

describe("text a person cannot see", () => {
  it("white text on white paper is too faint", async () => {
    expect(await seen((page, doc) => text(page, doc, "Ghost", { color: rgb(1, 1, 1) }))).toEqual({ Ghost: "faint" });
  });

  it("very light grey on white is too faint", async () => {
    expect(await seen((page, doc) => text(page, doc, "Pale", { color: grayscale(0.93) }))).toEqual({ Pale: "faint" });
  });

  it("text in the colour of the box under it is too faint", async () => {
    const result = await seen(async (page, doc) => {
      page.drawRectangle({ x: 40, y: 140, width: 200, height: 30, color: rgb(0.1, 0.2, 0.5) });
      await text(page, doc, "Camouflaged", { color: rgb(0.1, 0.2, 0.5) });
    });
    expect(result).toEqual({ Camouflaged: "faint" });
  });

  it("text in a Type 3 font whose glyphs paint nothing draws no glyph", async () => {
    expect(await seen((page, doc) => drawInFont(page, type3Font(doc, "556 0 d0"), "Empty", 50, 150))).toEqual({ Empty: "no-glyph" });
  });

  it("letters drawn with the space glyph (their ToUnicode says otherwise) draw no glyph", async () => {
    expect(await seen((page, doc) => drawInFont(page, spaceGlyphFont(doc), "Spaces", 50, 150))).toEqual({ Spaces: "no-glyph" });
  });

  it("text under an opaque box drawn after it is painted over", async () => {
    const result = await seen(async (page, doc) => {
      await text(page, doc, "Buried");
      page.drawRectangle({ x: 40, y: 140, width: 200, height: 30, color: rgb(0, 0, 0) });
    });
    expect(result).toEqual({ Buried: "covered" });
  });

  it("text running off the crop box is seen only as far as the edge", async () => {
    const result = await seen((page, doc) => text(page, doc, "EdgeEdgeEdgeEdge", { x: 330 }));
    const glyphs = Object.entries(result);
    expect(glyphs).toEqual([["EdgeEdgeEdgeEdge", "off-page"]]);
  });

  it("text in a form XObject whose own matrix moves it off the page is off the page", async () => {
    const result = await seen(async (page, doc) => {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      const content = [pushGraphicsState(), beginText(), setFillingGrayscaleColor(0), setFontAndSize("F0", 12), moveText(50, 150), showText(font.encodeText("Moved")), endText(), popGraphicsState()];
      const form = doc.context.formXObject(content, {
        BBox: [0, 0, 400, 300],
        Matrix: [1, 0, 0, 1, 1000, 0],
        Resources: { Font: { F0: font.ref } },
      });
      page.pushOperators(drawObject(page.node.newXObject("Fm", doc.context.register(form))));
    });
    expect(result).toEqual({ Moved: "off-page" });
  });
});
