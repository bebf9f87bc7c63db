// The graphics state pdf.js's renderer keeps while it draws a page (saved and restored with
// it), the operators that only change it, and what it says about how a glyph or paint drawn
// in it will look: its inks, whether it replaces what is under it, and what hides it outright.

import { OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { DrawnHiddenReason, FontInfo } from "./drawn-text.ts";
import type { Colour, Ink } from "./paints.ts";
import { IDENTITY, compose, isMatrix, rectangle } from "./plane.ts";
import type { Area, Box, Matrix } from "./plane.ts";

export interface GraphicsState {
  ctm: Matrix;
  /** The crop box first, then every clip in force. */
  clips: readonly Area[];
  /** Clipped to glyph outlines (text render modes 4 to 7): where things show cannot be told. */
  clipUnknown: boolean;
  fill: Ink;
  stroke: Ink;
  fillPattern: "none" | "shading" | "tiling";
  /** pdf.js's name for the blend mode (a canvas composite operation). */
  blend: string;
  softMask: boolean;
  /** A transfer function reshapes every colour. */
  transfer: boolean;
  lineWidth: number;
  font: FontInfo | null;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  renderMode: number;
  textMatrix: Matrix;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
  /** Alpha of the transparency groups this content is drawn inside. */
  groupAlpha: number;
  groupBlend: string;
  /** Inside the definition of a soft mask: shapes the mask, never painted on the page. */
  inMaskDefinition: boolean;
}

const NORMAL = "source-over";
/** Blend modes under which a colour on a white or light page shows as itself or darker. */
const DARKENING = new Set([NORMAL, "multiply", "darken"]);
const BLACK: Ink = { colour: [0, 0, 0], alpha: 1 };

export function initialState(crop: Box): GraphicsState {
  return {
    ctm: IDENTITY,
    clips: [rectangle(crop)],
    clipUnknown: false,
    fill: BLACK,
    stroke: BLACK,
    fillPattern: "none",
    blend: NORMAL,
    softMask: false,
    transfer: false,
    lineWidth: 1,
    font: null,
    fontSize: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    renderMode: 0,
    textMatrix: IDENTITY,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
    groupAlpha: 1,
    groupBlend: NORMAL,
    inMaskDefinition: false,
  };
}

export function num(value: unknown, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** pdf.js hands colours over as "#rrggbb". */
function hexColour(value: unknown): Colour {
  if (typeof value !== "string" || !/^#[0-9a-f]{6}$/iu.test(value)) return null;
  const channel = (at: number): number => parseInt(value.slice(at, at + 2), 16) / 255;
  return [channel(1), channel(3), channel(5)];
}

/** The entries of an ExtGState, as pdf.js passes them: [key, value] pairs. */
function applyGState(s: GraphicsState, pairs: unknown, fontOf: (name: unknown) => FontInfo | null): void {
  if (!Array.isArray(pairs)) return;
  for (const pair of pairs as unknown[]) {
    if (!Array.isArray(pair)) continue;
    const [key, value] = pair as [unknown, unknown];
    if (key === "LW") s.lineWidth = Math.abs(num(value, 1));
    else if (key === "CA") s.stroke = { ...s.stroke, alpha: num(value, 1) };
    else if (key === "ca") s.fill = { ...s.fill, alpha: num(value, 1) };
    else if (key === "BM") s.blend = typeof value === "string" ? value : NORMAL;
    else if (key === "SMask") s.softMask = value === true;
    else if (key === "TR") s.transfer = value !== null && value !== undefined && value !== "none";
    else if (key === "Font" && Array.isArray(value)) {
      s.font = fontOf(value[0]);
      s.fontSize = num(value[1]);
    }
  }
}

/** Applies an operator that only changes the state; false for any other operator. */
export function changeState(s: GraphicsState, fn: number, args: readonly unknown[], fontOf: (name: unknown) => FontInfo | null): boolean {
  switch (fn) {
    case OPS.transform:
      if (isMatrix(args)) s.ctm = compose(s.ctm, args);
      return true;
    case OPS.setLineWidth:
      s.lineWidth = Math.abs(num(args[0], 1));
      return true;
    case OPS.setGState:
      applyGState(s, args[0], fontOf);
      return true;
    case OPS.setFillRGBColor:
      s.fill = { ...s.fill, colour: hexColour(args[0]) };
      s.fillPattern = "none";
      return true;
    case OPS.setStrokeRGBColor:
      s.stroke = { ...s.stroke, colour: hexColour(args[0]) };
      return true;
    case OPS.setFillTransparent:
      s.fill = { colour: [1, 1, 1], alpha: 0 };
      s.fillPattern = "none";
      return true;
    case OPS.setStrokeTransparent:
      s.stroke = { colour: [1, 1, 1], alpha: 0 };
      return true;
    case OPS.setFillColorN:
      s.fill = { ...s.fill, colour: null };
      s.fillPattern = args[0] === "TilingPattern" ? "tiling" : "shading";
      return true;
    case OPS.setStrokeColorN:
      s.stroke = { ...s.stroke, colour: null };
      return true;
    case OPS.beginText:
      s.textMatrix = IDENTITY;
      s.x = s.lineX = s.y = s.lineY = 0;
      return true;
    case OPS.setCharSpacing:
      s.charSpacing = num(args[0]);
      return true;
    case OPS.setWordSpacing:
      s.wordSpacing = num(args[0]);
      return true;
    case OPS.setHScale:
      s.hScale = num(args[0], 100) / 100;
      return true;
    case OPS.setLeading:
      s.leading = -num(args[0]);
      return true;
    case OPS.setFont:
      s.font = fontOf(args[0]);
      s.fontSize = num(args[1]);
      return true;
    case OPS.setTextRenderingMode:
      s.renderMode = num(args[0]);
      return true;
    case OPS.setTextRise:
      s.rise = num(args[0]);
      return true;
    case OPS.moveText:
      s.x = s.lineX += num(args[0]);
      s.y = s.lineY += num(args[1]);
      return true;
    case OPS.setLeadingMoveText:
      s.leading = num(args[1]);
      s.x = s.lineX += num(args[0]);
      s.y = s.lineY += num(args[1]);
      return true;
    case OPS.nextLine:
      s.x = s.lineX;
      s.y = s.lineY += s.leading;
      return true;
    case OPS.setTextMatrix:
      if (isMatrix(args[0])) s.textMatrix = Array.from(args[0]) as unknown as Matrix;
      s.x = s.lineX = s.y = s.lineY = 0;
      return true;
    default:
      return false;
  }
}

/** The state inside a transparency group: the group's alpha and blend mode apply to all of it at once. */
export function groupState(outer: GraphicsState, isMaskDefinition: boolean): GraphicsState {
  return {
    ...outer,
    groupAlpha: outer.groupAlpha * outer.fill.alpha,
    groupBlend: outer.blend !== NORMAL ? outer.blend : outer.groupBlend,
    inMaskDefinition: outer.inMaskDefinition || isMaskDefinition,
    fill: { ...outer.fill, alpha: 1 },
    stroke: { ...outer.stroke, alpha: 1 },
    blend: NORMAL,
  };
}

/** A paint in this ink replaces what is under it. */
export function isOpaque(s: GraphicsState, ink: Ink): boolean {
  return ink.alpha * s.groupAlpha >= 1 && s.blend === NORMAL && s.groupBlend === NORMAL && !s.softMask && !s.clipUnknown;
}

/** What hides text drawn in this state whatever its glyphs, or null. */
export function textHiddenBy(s: GraphicsState, contentVisible: boolean): DrawnHiddenReason | null {
  if ((s.renderMode & 3) === 3) return "invisible";
  if (!contentVisible) return "hidden-layer";
  if (s.softMask || s.inMaskDefinition) return "masked";
  if (!DARKENING.has(s.blend) || !DARKENING.has(s.groupBlend) || s.transfer) return "unjudged";
  return null;
}

/** The inks text is drawn with in this state: fill, stroke or both, by its render mode. */
export function textInks(s: GraphicsState): Ink[] {
  const scale = (ink: Ink): Ink => ({ colour: ink.colour, alpha: ink.alpha * s.groupAlpha });
  const mode = s.renderMode & 3;
  if (mode === 0) return [scale(s.fill)];
  if (mode === 1) return [scale(s.stroke)];
  if (mode === 2) return [scale(s.fill), scale(s.stroke)];
  return [];
}


