// The areas a page paints (fills, strokes, images, stencil masks), each as a test of which
// points it covers and in what colour: a later one can hide a glyph, an earlier one is the
// background a glyph must stand out from.

import { inArea, onLines, unitSquare } from "./plane.ts";
import type { Area, Box, Matrix, Point, StrokedLines } from "./plane.ts";

/** Red, green, blue in 0..1; null where the colour cannot be known (a pattern, a transfer function). */
export type Colour = readonly [number, number, number] | null;

export interface Ink {
  readonly colour: Colour;
  readonly alpha: number;
}

export interface Paint {
  readonly order: number;
  /** The pdf.js id of the annotation whose appearance painted it, or null for the page's own content. */
  readonly annotation: string | null;
  readonly box: Box;
  /** The point is painted by this operation, inside the clip that was in force. */
  readonly covers: (point: Point) => boolean;
  /** The colour left at the point; null when unknown. */
  readonly colourAt: (point: Point) => Colour;
  /** Replaces what is under it (alpha 1, Normal blending, no mask): it can hide, and be a background. */
  readonly opaque: boolean;
  readonly kind: "fill" | "stroke" | "image";
}

/** What a paint is, before the walk gives it its place in the drawing order and its opacity. */
export type PaintShape = Pick<Paint, "kind" | "box" | "covers" | "colourAt">;

/** Decoded image pixels as pdf.js hands them over (ImageKind 1: one bit grey, 2: RGB, 3: RGBA). */
export interface ImageData {
  readonly width: number;
  readonly height: number;
  readonly kind: number;
  readonly data: ArrayLike<number>;
}

export function imageData(value: unknown): ImageData | null {
  if (typeof value !== "object" || value === null) return null;
  const { width, height, kind, data } = value as { width?: unknown; height?: unknown; kind?: unknown; data?: unknown };
  if (typeof width !== "number" || typeof height !== "number" || width < 1 || height < 1 || !ArrayBuffer.isView(data)) return null;
  return { width, height, kind: typeof kind === "number" ? kind : 0, data: data as unknown as ArrayLike<number> };
}

function pixel(image: ImageData, col: number, row: number): { colour: Colour; alpha: number } {
  const { width, kind, data } = image;
  if (kind === 1) {
    const byte = Number(data[row * Math.ceil(width / 8) + (col >> 3)] ?? 0);
    const white = (byte & (128 >> (col & 7))) !== 0;
    return { colour: white ? [1, 1, 1] : [0, 0, 0], alpha: 1 };
  }
  const size = kind === 2 ? 3 : 4;
  const at = (row * width + col) * size;
  const channel = (i: number): number => Number(data[at + i] ?? 0) / 255;
  return { colour: [channel(0), channel(1), channel(2)], alpha: size === 4 ? channel(3) : 1 };
}

/** The pixel of an image drawn over the unit square `m` maps, at a page point; null off the image. */
function pixelAt(image: ImageData, m: Matrix, point: Point): { colour: Colour; alpha: number } | null {
  const det = m[0] * m[3] - m[1] * m[2];
  if (det === 0) return null;
  const dx = point.x - m[4];
  const dy = point.y - m[5];
  const u = (m[3] * dx - m[2] * dy) / det;
  const v = (m[0] * dy - m[1] * dx) / det;
  if (u < 0 || u > 1 || v < 0 || v > 1) return null;
  return pixel(image, Math.min(image.width - 1, Math.floor(u * image.width)), Math.min(image.height - 1, Math.floor((1 - v) * image.height)));
}

export function inClips(clips: readonly Area[], point: Point): boolean {
  for (const clip of clips) if (!inArea(clip, point.x, point.y)) return false;
  return true;
}

/** The bounding box of what the clips leave. */
export function clipBox(clips: readonly Area[]): Box {
  let [left, bottom, right, top] = [-Infinity, -Infinity, Infinity, Infinity];
  for (const clip of clips) {
    left = Math.max(left, clip.box[0]);
    bottom = Math.max(bottom, clip.box[1]);
    right = Math.min(right, clip.box[2]);
    top = Math.min(top, clip.box[3]);
  }
  return [left, bottom, right, top];
}

export function filled(area: Area, colour: Colour, clips: readonly Area[], box: Box = area.box): PaintShape {
  return { kind: "fill", box, covers: (point) => inArea(area, point.x, point.y) && inClips(clips, point), colourAt: () => colour };
}

export function stroked(lines: StrokedLines, colour: Colour, clips: readonly Area[]): PaintShape {
  return { kind: "stroke", box: lines.box, covers: (point) => onLines(lines, point.x, point.y) && inClips(clips, point), colourAt: () => colour };
}

/** An image over the unit square `m` maps; its pixels are looked at when pdf.js hands them over (else its colour is unknown). */
export function imaged(image: ImageData | null, m: Matrix, clips: readonly Area[], transfer: boolean): PaintShape {
  const area = unitSquare(m);
  return {
    kind: "image",
    box: area.box,
    // Covered where a pixel is fully opaque; an image whose pixels are not known is taken as opaque.
    covers: (point) => inArea(area, point.x, point.y) && inClips(clips, point) && (!image || (pixelAt(image, m, point)?.alpha ?? 0) >= 1),
    colourAt: (point) => (!image || transfer ? null : (pixelAt(image, m, point)?.colour ?? null)),
  };
}

/** A stencil mask: `colour` painted where its bits are clear (pdf.js's convention for image masks). */
export function stencilled(mask: ImageData, m: Matrix, colour: Colour, clips: readonly Area[]): PaintShape {
  const area = unitSquare(m);
  return {
    kind: "image",
    box: area.box,
    covers: (point) => pixelAt({ ...mask, kind: 1 }, m, point)?.colour?.[0] === 0 && inClips(clips, point),
    colourAt: () => colour,
  };
}
