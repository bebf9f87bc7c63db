// The glyphs of one text-showing operation placed on the page, as pdf.js's renderer places
// them (character and word spacing, horizontal scaling, rise, the text and current matrices),
// each with six sample points and whatever hides it that can be told from how it is drawn.

import { apply, compose, lengthUnder } from "./plane.ts";
import type { Matrix, Point } from "./plane.ts";
import type { Ink } from "./paints.ts";

/** Why a glyph is not seen, when that can be told from how it was drawn alone. */
export type DrawnHiddenReason = "invisible" | "tiny" | "squeezed" | "hidden-layer" | "masked" | "unjudged" | "no-glyph";

/** Where a sample point of a glyph lies relative to the crop box and the clip in force. */
export type PointPlace = "inside" | "off-page" | "clipped" | "clip-unknown";

export interface DrawnGlyph {
  readonly order: number;
  readonly text: string;
  /** Glyphs of one text-showing operation; only they may join into one run of text. */
  readonly run: number;
  /** The pdf.js id of the annotation whose appearance drew it, or null for the page's own content. */
  readonly annotation: string | null;
  /** Baseline start and end on the page. */
  readonly start: Point;
  readonly end: Point;
  /** Height of the em square on the page, in points. */
  readonly size: number;
  readonly whitespace: boolean;
  /** Six points across its body (none for whitespace, which shows nothing either way). */
  readonly points: readonly { readonly point: Point; readonly place: PointPlace }[];
  /** The inks it is drawn with: fill, stroke, or both (by its text render mode). */
  readonly inks: readonly Ink[];
  readonly reason: DrawnHiddenReason | null;
}

export interface FontInfo {
  readonly fontMatrix: Matrix;
  readonly vertical: boolean;
  /** Not embedded: pdf.js draws every glyph from a substitute. */
  readonly missingFile: boolean;
  /** The glyph pdf.js would draw for a character has no shape at all (true), has one (false). */
  readonly blank: (glyph: { readonly fontChar: string; readonly operatorListId: unknown }) => boolean;
}

export const STANDARD_FONT: FontInfo = { fontMatrix: [0.001, 0, 0, 0.001, 0, 0], vertical: false, missingFile: false, blank: () => false };

/** The text state a run is drawn in. */
export interface TextState {
  readonly ctm: Matrix;
  readonly textMatrix: Matrix;
  readonly font: FontInfo | null;
  readonly fontSize: number;
  readonly charSpacing: number;
  readonly wordSpacing: number;
  readonly hScale: number;
  readonly rise: number;
  readonly x: number;
  readonly y: number;
}

export interface PlacedGlyph {
  readonly unicode: string;
  readonly inFont: boolean;
  /** Drawn with a glyph that has no shape: a space's, or an empty outline. */
  readonly blank: boolean;
  /** Where it starts along the run, in text space before horizontal scaling. */
  readonly at: number;
  readonly width: number;
}

/** Glyphs this small (em height on the page, in points) cannot be read. */
const MIN_SIZE = 2;
/** A glyph whose advance is below this fraction of its height is squeezed out of sight. */
const MIN_ADVANCE = 0.12;
/** Where a glyph is sampled: across its advance, and up its em square (below the x-height). */
const SAMPLE_ACROSS = [0.25, 0.5, 0.75];
const SAMPLE_UP = [0.2, 0.45];
const NON_ASCII = /[^\x00-\x7f]/u;

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** Where each glyph of pdf.js's showText argument starts, and how far the run advances. */
export function placeGlyphs(items: readonly unknown[], state: TextState): { placed: PlacedGlyph[]; advance: number } {
  const font = state.font ?? STANDARD_FONT;
  const direction = state.fontSize < 0 ? -1 : 1;
  const widthScale = state.fontSize * font.fontMatrix[0];
  let advance = 0;
  const placed: PlacedGlyph[] = [];
  for (const item of items) {
    if (typeof item === "number") {
      advance -= (item * state.fontSize) / 1000;
      continue;
    }
    if (typeof item !== "object" || item === null) continue;
    const glyph = item as { unicode?: unknown; fontChar?: unknown; operatorListId?: unknown; width?: unknown; isSpace?: unknown; isInFont?: unknown };
    const width = num(glyph.width) * widthScale;
    const spacing = (glyph.isSpace === true ? state.wordSpacing : 0) + state.charSpacing;
    const blank = font.blank({ fontChar: typeof glyph.fontChar === "string" ? glyph.fontChar : "", operatorListId: glyph.operatorListId });
    placed.push({ unicode: typeof glyph.unicode === "string" ? glyph.unicode : "", inFont: glyph.isInFont !== false, blank, at: advance, width });
    advance += font.vertical ? width - spacing * direction : width + spacing * direction;
  }
  return { placed, advance };
}

export interface RunContext {
  readonly run: number;
  readonly annotation: string | null;
  /** Hidden whatever the glyph: render mode, layer, mask, blend. */
  readonly reason: DrawnHiddenReason | null;
  readonly inks: readonly Ink[];
  readonly placeOf: (point: Point) => PointPlace;
  readonly nextOrder: () => number;
}

/** The placed glyphs of one run as drawn glyphs on the page. */
export function drawnGlyphs(placed: readonly PlacedGlyph[], state: TextState, context: RunContext): DrawnGlyph[] {
  const font = state.font ?? STANDARD_FONT;
  const size = Math.abs(state.fontSize);
  const toPage = compose(state.ctm, state.textMatrix);
  const height = lengthUnder(toPage, 0, size);
  const unknownInk = context.inks.some((ink) => ink.colour === null);
  const glyphs: DrawnGlyph[] = [];
  for (let i = 0; i < placed.length; i++) {
    const { unicode, inFont, blank, at, width } = placed[i] as PlacedGlyph;
    const text = NON_ASCII.test(unicode) ? unicode.normalize("NFKC") : unicode;
    if (text === "") continue;
    const x0 = font.vertical ? state.x : state.x + at * state.hScale;
    const y0 = (font.vertical ? state.y - at : state.y) + state.rise;
    const whitespace = text.trim() === "";
    const points: { point: Point; place: PointPlace }[] = [];
    let reason = context.reason;
    if (!whitespace) {
      const glyphWidth = (font.vertical ? size * 0.5 : width) * state.hScale;
      for (const up of SAMPLE_UP) {
        for (const across of SAMPLE_ACROSS) {
          const point = apply(toPage, x0 + glyphWidth * across, y0 + size * up);
          points.push({ point, place: context.placeOf(point) });
        }
      }
      const next = placed[i + 1];
      const step = Math.abs((next ? next.at - at : width) * state.hScale);
      if (reason === null && height < MIN_SIZE) reason = "tiny";
      if (reason === null && !font.vertical && lengthUnder(toPage, step, 0) < MIN_ADVANCE * height) reason = "squeezed";
      if (reason === null && ((!inFont && !font.missingFile) || blank)) reason = "no-glyph";
      if (reason === null && unknownInk) reason = "unjudged";
    }
    glyphs.push({
      order: context.nextOrder(),
      text,
      run: context.run,
      annotation: context.annotation,
      start: apply(toPage, x0, y0),
      end: apply(toPage, x0 + (font.vertical ? 0 : width * state.hScale), y0 - (font.vertical ? width : 0)),
      size: height,
      whitespace,
      points,
      inks: context.inks,
      reason,
    });
  }
  return glyphs;
}
