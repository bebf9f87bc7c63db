// The pages of a document as a person sees them: each page drawn (page-drawing.ts), its
// glyphs judged (glyph-visibility.ts), and glyphs joined back into runs of text in the page's
// top-left coordinates, which is what the text reader pairs with labels.

import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { trimSpaces } from "../text-characters.ts";
import { judgePage } from "./glyph-visibility.ts";
import type { HiddenReason, ShownGlyph, ShownPage } from "./glyph-visibility.ts";
import { drawPage } from "./page-drawing.ts";
import type { GlyphSource } from "./page-drawing.ts";
import type { Point } from "./plane.ts";

export interface TextItem {
  readonly text: string;
  /** Top-left coordinates: x from the left edge, y down from the top. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

export interface ShownPageText extends ShownPage {
  readonly toView: (point: Point) => Point;
}

/** Glyphs of one run further apart than this (in em) start a new item: a gap, not a letter's spacing. */
const RUN_GAP = 0.15;

/** Our form has two pages; a printed copy may add a cover page or two. */
export const MAX_PAGES = 10;

/**
 * Joins glyphs into items: consecutive glyphs of one text run, each kept by `keep`, with no gap
 * between them. An item never spans a glyph left out, so hidden letters inside a word split it.
 */
export function itemsOf(glyphs: readonly ShownGlyph[], keep: (glyph: ShownGlyph) => boolean, toView: (point: Point) => Point): TextItem[] {
  const runs: ShownGlyph[][] = [];
  let current: ShownGlyph[] | null = null;
  for (const glyph of glyphs) {
    if (!keep(glyph)) {
      current = null;
      continue;
    }
    const previous = current?.[current.length - 1];
    const joins =
      previous !== undefined &&
      previous.run === glyph.run &&
      Math.hypot(glyph.start.x - previous.end.x, glyph.start.y - previous.end.y) <= RUN_GAP * Math.max(glyph.size, previous.size);
    if (current && joins) {
      current.push(glyph);
    } else {
      current = [glyph];
      runs.push(current);
    }
  }
  return runs.flatMap((run) => {
    const text = run.map((glyph) => glyph.text).join("");
    const first = run[0];
    const last = run[run.length - 1];
    // trimSpaces, not trim(): a run of only a byte order mark goes on to validation, which refuses it.
    if (trimSpaces(text) === "" || !first || !last) return [];
    const start = toView(first.start);
    const end = toView(last.end);
    return [{ text, x: start.x, y: start.y, width: Math.hypot(end.x - start.x, end.y - start.y) }];
  });
}

/** Up to MAX_PAGES pages, drawn and judged: the glyphs of their own content, or of their annotations. */
export async function showPages(doc: PDFDocumentProxy, source: GlyphSource): Promise<ShownPageText[]> {
  const layers = await doc.getOptionalContentConfig({ intent: "display" });
  const layerVisible = (properties: unknown): boolean => {
    try {
      return layers.isVisible(properties) === true;
    } catch {
      return false;
    }
  };
  const pages: ShownPageText[] = [];
  for (let number = 1; number <= Math.min(doc.numPages, MAX_PAGES); number++) {
    const page = await doc.getPage(number);
    const viewport = page.getViewport({ scale: 1 });
    const shown = judgePage(await drawPage(page, layerVisible, source));
    pages.push({
      ...shown,
      toView: (point) => {
        const [x, y] = viewport.convertToViewportPoint(point.x, point.y) as [number, number];
        return { x, y };
      },
    });
    page.cleanup();
  }
  return pages;
}

/** The distinct reasons glyphs were not seen, in the order first met. */
export function hiddenReasons(glyphs: readonly ShownGlyph[]): HiddenReason[] {
  return [...new Set(glyphs.flatMap((glyph) => glyph.hidden ?? []))];
}
