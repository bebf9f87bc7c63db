// Judges which drawn glyphs a person looking at the page can see. A glyph is sampled at six
// points across its body; a point is seen when it lies on the page and inside every clip, no
// later opaque paint lies over it, and its ink stands out from what was painted under it (or
// from white paper). A glyph is seen when at least half its points are. Anything this cannot
// judge (a pattern colour, an unusual blend mode, a soft mask) counts as not seen: such a form
// goes to a person, never through.

import type { DrawnGlyph, DrawnHiddenReason } from "./drawn-text.ts";
import type { DrawnPage } from "./page-drawing.ts";
import type { Colour, Ink, Paint } from "./paints.ts";
import { inBox } from "./plane.ts";
import type { Box, Point } from "./plane.ts";

export type HiddenReason = DrawnHiddenReason | "off-page" | "clipped" | "covered" | "faint";

export interface ShownGlyph {
  readonly text: string;
  readonly run: number;
  readonly annotation: string | null;
  readonly start: Point;
  readonly end: Point;
  readonly size: number;
  readonly whitespace: boolean;
  /** Sample points on the page (for telling whether a glyph lies inside a box). */
  readonly points: readonly Point[];
  /** null: seen. Whitespace is never judged (it shows nothing either way). */
  readonly hidden: HiddenReason | null;
}

export interface ShownAnnotation {
  readonly rect: Box;
  /** Something visible is drawn inside the middle of its box (a tick, a cross, a letter). */
  readonly marked: boolean;
}

export interface ShownPage {
  /** The crop box: the part of the page a viewer shows. */
  readonly crop: Box;
  readonly glyphs: readonly ShownGlyph[];
  readonly annotations: ReadonlyMap<string, ShownAnnotation>;
}

/** Text and background closer than this contrast ratio (WCAG's measure; 1 is identical) cannot be read. */
const MIN_CONTRAST = 1.5;
const PAPER: Colour = [1, 1, 1];

function linear(c: number): number {
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(r: number, g: number, b: number): number {
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** Colours are shared by everything drawn in one state: each is measured once. */
const luminances = new WeakMap<readonly [number, number, number], number>();

function luminanceOf(colour: readonly [number, number, number]): number {
  let known = luminances.get(colour);
  if (known === undefined) {
    known = luminance(colour[0], colour[1], colour[2]);
    luminances.set(colour, known);
  }
  return known;
}

export function contrast(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  const first = luminance(a[0], a[1], a[2]);
  const second = luminance(b[0], b[1], b[2]);
  return (Math.max(first, second) + 0.05) / (Math.min(first, second) + 0.05);
}

/** The ink as it lands on the backdrop stands out from it; null when either colour is unknown. */
function standsOut(ink: Ink, backdrop: Colour): boolean | null {
  if (ink.colour === null || backdrop === null) return null;
  const alpha = Math.max(0, Math.min(1, ink.alpha));
  const [r, g, b] = ink.colour;
  const [br, bg, bb] = backdrop;
  const landed = alpha === 1 ? luminanceOf(ink.colour) : luminance(alpha * r + (1 - alpha) * br, alpha * g + (1 - alpha) * bg, alpha * b + (1 - alpha) * bb);
  const under = luminanceOf(backdrop);
  return (Math.max(landed, under) + 0.05) / (Math.min(landed, under) + 0.05) >= MIN_CONTRAST;
}


function backdropAt(paints: readonly Paint[], point: Point): Colour {
  for (let i = paints.length - 1; i >= 0; i--) {
    const paint = paints[i] as Paint;
    if (inBox(paint.box, point.x, point.y) && paint.covers(point)) return paint.colourAt(point);
  }
  return PAPER;
}

function coveredAt(paints: readonly Paint[], point: Point): boolean {
  for (const paint of paints) {
    if (inBox(paint.box, point.x, point.y) && paint.covers(point)) return true;
  }
  return false;
}

function inkSeen(inks: readonly Ink[], backdrop: Colour): HiddenReason | null {
  let unknown = false;
  for (const ink of inks) {
    const seen = standsOut(ink, backdrop);
    if (seen === true) return null;
    if (seen === null) unknown = true;
  }
  return unknown ? "unjudged" : "faint";
}

function overlaps(a: Box, b: Box): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** The opaque paints under the glyph's box (drawn before it) and over it (drawn after). */
function paintsAround(glyph: DrawnGlyph, paints: readonly Paint[]): { under: Paint[]; over: Paint[] } {
  let [left, bottom, right, top] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { point } of glyph.points) {
    left = Math.min(left, point.x);
    right = Math.max(right, point.x);
    bottom = Math.min(bottom, point.y);
    top = Math.max(top, point.y);
  }
  const box: Box = [left, bottom, right, top];
  const under: Paint[] = [];
  const over: Paint[] = [];
  for (const paint of paints) {
    if (!paint.opaque || !overlaps(paint.box, box)) continue;
    (paint.order < glyph.order ? under : over).push(paint);
  }
  return { under, over };
}

function judgeGlyph(glyph: DrawnGlyph, paints: readonly Paint[]): HiddenReason | null {
  if (glyph.whitespace) return null;
  if (glyph.reason) return glyph.reason;
  const { under, over } = paintsAround(glyph, paints);
  const onPaper = under.length === 0 ? inkSeen(glyph.inks, PAPER) : undefined;
  const unseen: HiddenReason[] = [];
  for (const { point, place } of glyph.points) {
    const reason =
      place === "off-page" ? "off-page"
      : place !== "inside" ? "clipped"
      : coveredAt(over, point) ? "covered"
      : onPaper !== undefined ? onPaper
      : inkSeen(glyph.inks, backdropAt(under, point));
    if (reason) unseen.push(reason);
  }
  return unseen.length * 2 > glyph.points.length ? mostFrequent(unseen) : null;
}

function mostFrequent(reasons: readonly HiddenReason[]): HiddenReason {
  const counts = new Map<HiddenReason, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "clipped";
}

/** A grid over the middle of a box (a fifth in from each side): where a tick or cross is drawn. */
function middleGrid(rect: Box): Point[] {
  const [left, bottom, right, top] = rect;
  const steps = [0.2, 0.35, 0.5, 0.65, 0.8];
  return steps.flatMap((u) => steps.map((v) => ({ x: left + (right - left) * u, y: bottom + (top - bottom) * v })));
}

function inMiddle(rect: Box, point: Point): boolean {
  const [left, bottom, right, top] = rect;
  const dx = (right - left) * 0.2;
  const dy = (top - bottom) * 0.2;
  return inBox([left + dx, bottom + dy, right - dx, top - dy], point.x, point.y);
}

/**
 * A visible glyph in the middle of the box, or an opaque paint of the annotation's own over part
 * (not all: that is a background) of the middle, in a colour that stands out from paper and
 * not painted over later.
 */
function isMarked(rect: Box, glyphs: readonly ShownGlyph[], own: readonly Paint[], all: readonly Paint[]): boolean {
  if (glyphs.some((glyph) => !glyph.whitespace && glyph.hidden === null && glyph.points.some((p) => inMiddle(rect, p)))) return true;
  const grid = middleGrid(rect);
  return own.some((paint) => {
    if (!paint.opaque) return false;
    const covered = grid.filter((point) => paint.covers(point));
    if (covered.length === 0 || (paint.kind === "fill" && covered.length === grid.length)) return false;
    const later = all.filter((other) => other.opaque && other.order > paint.order);
    return covered.some((point) => standsOut({ colour: paint.colourAt(point), alpha: 1 }, PAPER) !== false && !coveredAt(later, point));
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string | null, T[]> {
  const groups = new Map<string | null, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

export function judgePage(page: DrawnPage): ShownPage {
  const glyphs = page.glyphs.map(
    (glyph): ShownGlyph => ({
      text: glyph.text,
      run: glyph.run,
      annotation: glyph.annotation,
      start: glyph.start,
      end: glyph.end,
      size: glyph.size,
      whitespace: glyph.whitespace,
      points: glyph.points.map((sample) => sample.point),
      hidden: judgeGlyph(glyph, page.paints),
    }),
  );
  const annotations = new Map<string, ShownAnnotation>();
  const glyphsOf = groupBy(glyphs, (glyph) => glyph.annotation);
  const paintsOf = groupBy(page.paints, (paint) => paint.annotation);
  for (const [id, rect] of page.annotations) {
    annotations.set(id, { rect, marked: isMarked(rect, glyphsOf.get(id) ?? [], paintsOf.get(id) ?? [], page.paints) });
  }
  return { crop: page.crop, glyphs, annotations };
}

const HIDDEN_PHRASES: Record<HiddenReason, string> = {
  invisible: "drawn as invisible text",
  faint: "in a colour that cannot be seen against what is under it",
  tiny: "too small to read",
  squeezed: "squeezed too narrow to read",
  "hidden-layer": "in a layer that is switched off",
  masked: "behind a transparency mask",
  unjudged: "drawn in a way that cannot be checked (a pattern, blend mode or colour transfer)",
  "no-glyph": "in characters its font does not draw",
  "off-page": "outside the visible page",
  clipped: "clipped out of sight",
  covered: "painted over",
};

/** How text hidden for these reasons is described to the support team. */
export function describeHidden(reasons: readonly HiddenReason[]): string {
  return reasons.map((reason) => HIDDEN_PHRASES[reason]).join(", ");
}
