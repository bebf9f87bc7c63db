// What one page draws, from pdf.js's operator list (the list its canvas renderer executes,
// annotation appearances included): every glyph with where it lands and the state it was drawn
// in, and every area painted over the page. Following the renderer's own list, rather than
// the text extraction, is what lets hidden text be told apart from shown text: the text
// extraction reports glyphs in render mode 3, in white, clipped away or painted over alike.
// Whether each glyph is finally seen is judged in glyph-visibility.ts.

import { OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import {
  EVERYWHERE,
  IDENTITY,
  apply,
  areaOf,
  compose,
  inArea,
  isMatrix,
  lengthUnder,
  meanScale,
  onLines,
  rectangle,
  strokedLines,
  subpathsOf,
  unitSquare,
} from "./plane.ts";
import type { Area, Box, Matrix, Point, StrokedLines } from "./plane.ts";

/** Red, green, blue in 0..1; null where the colour cannot be known (a pattern, a transfer function). */
export type Colour = readonly [number, number, number] | null;

export interface Ink {
  readonly colour: Colour;
  readonly alpha: number;
}

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
  readonly points: readonly { readonly point: Point; readonly place: PointPlace }[];
  /** The inks it is drawn with: fill, stroke, or both (by its text render mode). */
  readonly inks: readonly Ink[];
  /** Drawn through a blend mode other than Normal, Multiply or Darken, or a soft mask: its colour on the page is unknown. */
  readonly reason: DrawnHiddenReason | null;
}

export interface Paint {
  readonly order: number;
  readonly annotation: string | null;
  readonly box: Box;
  /** The point is painted by this operation, inside the clip that was in force. */
  readonly covers: (point: Point) => boolean;
  /** The colour left at the point, when fully opaque there; null when unknown. */
  readonly colourAt: (point: Point) => Colour;
  /** Replaces what is under it (alpha 1, Normal blending, no mask): it can hide, and be a background. */
  readonly opaque: boolean;
  readonly kind: "fill" | "stroke" | "image";
}

export interface DrawnPage {
  readonly crop: Box;
  readonly glyphs: readonly DrawnGlyph[];
  readonly paints: readonly Paint[];
  /** Annotations pdf.js drew (hidden and no-view ones are not drawn), by id, with their rectangles. */
  readonly annotations: ReadonlyMap<string, Box>;
}

interface FontInfo {
  readonly fontMatrix: Matrix;
  readonly vertical: boolean;
  readonly missingFile: boolean;
}

interface State {
  ctm: Matrix;
  clips: readonly Area[];
  clipUnknown: boolean;
  fill: Ink;
  stroke: Ink;
  fillPattern: "none" | "shading" | "tiling";
  blend: string;
  softMask: boolean;
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
/** Glyphs this small (em height on the page, in points) cannot be read. */
const MIN_SIZE = 2;
/** A glyph whose advance is below this fraction of its height is squeezed out of sight. */
const MIN_ADVANCE = 0.12;
/** Where a glyph is sampled: across its advance, and up its em square (below the x-height). */
const SAMPLE_ACROSS = [0.25, 0.5, 0.75];
const SAMPLE_UP = [0.2, 0.45];

function initialState(crop: Box): State {
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

function hexColour(value: unknown): Colour {
  if (typeof value !== "string" || !/^#[0-9a-f]{6}$/iu.test(value)) return null;
  const channel = (at: number): number => parseInt(value.slice(at, at + 2), 16) / 255;
  return [channel(1), channel(3), channel(5)];
}

function num(value: unknown, fallback = 0): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function fontOf(page: PDFPageProxy, name: unknown): FontInfo | null {
  if (typeof name !== "string") return null;
  try {
    const font: unknown = page.commonObjs.get(name);
    if (typeof font !== "object" || font === null) return null;
    const record = font as { fontMatrix?: unknown; vertical?: unknown; missingFile?: unknown };
    return {
      fontMatrix: isMatrix(record.fontMatrix) ? record.fontMatrix : [0.001, 0, 0, 0.001, 0, 0],
      vertical: record.vertical === true,
      missingFile: record.missingFile === true,
    };
  } catch {
    return null; // not resolved: treated as a font with standard metrics
  }
}

interface ImageData {
  readonly width: number;
  readonly height: number;
  readonly kind: number;
  readonly data: ArrayLike<number>;
}

function imageData(value: unknown): ImageData | null {
  if (typeof value !== "object" || value === null) return null;
  const { width, height, kind, data } = value as { width?: unknown; height?: unknown; kind?: unknown; data?: unknown };
  if (typeof width !== "number" || typeof height !== "number" || width < 1 || height < 1 || !ArrayBuffer.isView(data)) return null;
  return { width, height, kind: typeof kind === "number" ? kind : 0, data: data as unknown as ArrayLike<number> };
}

function objectOf(page: PDFPageProxy, id: unknown): unknown {
  if (typeof id !== "string") return null;
  try {
    return page.objs.get(id);
  } catch {
    return null;
  }
}

/** pdf.js ImageKind: 1 one bit grey, 2 RGB, 3 RGBA. Returns colour and alpha at pixel (col, row). */
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

/** Pixel of the image drawn over the unit square `m` maps, at a page point; null off the image. */
function pixelAt(image: ImageData, m: Matrix, point: Point): { col: number; row: number } | null {
  const det = m[0] * m[3] - m[1] * m[2];
  if (det === 0) return null;
  const dx = point.x - m[4];
  const dy = point.y - m[5];
  const u = (m[3] * dx - m[2] * dy) / det;
  const v = (m[0] * dy - m[1] * dx) / det;
  if (u < 0 || u > 1 || v < 0 || v > 1) return null;
  return { col: Math.min(image.width - 1, Math.floor(u * image.width)), row: Math.min(image.height - 1, Math.floor((1 - v) * image.height)) };
}

/**
 * Whose glyphs are recorded: the page's own content (a flattened or printed copy is read from
 * it) or the annotations' appearances (a fillable form's boxes). Every paint is recorded either
 * way, since any of them may lie under or over a glyph.
 */
export type GlyphSource = "content" | "annotations";

/** Walks the operator list of one page, as pdf.js's canvas renderer would, recording what is drawn. */
export class PageWalk {
  private state: State;
  private readonly stack: State[] = [];
  private readonly initial: State;
  private readonly marked: boolean[] = [];
  private pendingClip: "nonzero" | "evenodd" | null = null;
  private annotation: string | null = null;
  private order = 0;
  private run = 0;
  private readonly glyphs: DrawnGlyph[] = [];
  private readonly paints: Paint[] = [];
  private readonly annotations = new Map<string, Box>();

  private readonly page: PDFPageProxy;
  private readonly crop: Box;
  private readonly layerVisible: (properties: unknown) => boolean;
  private readonly source: GlyphSource;

  constructor(page: PDFPageProxy, crop: Box, layerVisible: (properties: unknown) => boolean, source: GlyphSource) {
    this.page = page;
    this.crop = crop;
    this.layerVisible = layerVisible;
    this.source = source;
    this.initial = initialState(crop);
    this.state = { ...this.initial };
  }

  result(): DrawnPage {
    return { crop: this.crop, glyphs: this.glyphs, paints: this.paints, annotations: this.annotations };
  }

  private get contentVisible(): boolean {
    return this.marked.every(Boolean);
  }

  private save(): void {
    this.stack.push(this.state);
    this.state = { ...this.state };
  }

  private restore(): void {
    const previous = this.stack.pop();
    if (previous) this.state = previous;
    this.pendingClip = null;
  }

  step(fn: number, args: readonly unknown[]): void {
    const s = this.state;
    switch (fn) {
      case OPS.save:
        return this.save();
      case OPS.restore:
        return this.restore();
      case OPS.transform:
        if (isMatrix(args)) s.ctm = compose(s.ctm, args);
        return;
      case OPS.setLineWidth:
        s.lineWidth = Math.abs(num(args[0], 1));
        return;
      case OPS.setGState:
        return this.setGState(args[0]);
      case OPS.setFillRGBColor:
        s.fill = { ...s.fill, colour: hexColour(args[0]) };
        s.fillPattern = "none";
        return;
      case OPS.setStrokeRGBColor:
        s.stroke = { ...s.stroke, colour: hexColour(args[0]) };
        return;
      case OPS.setFillTransparent:
        s.fill = { colour: [1, 1, 1], alpha: 0 };
        s.fillPattern = "none";
        return;
      case OPS.setStrokeTransparent:
        s.stroke = { colour: [1, 1, 1], alpha: 0 };
        return;
      case OPS.setFillColorN:
        s.fill = { ...s.fill, colour: null };
        s.fillPattern = args[0] === "TilingPattern" ? "tiling" : "shading";
        return;
      case OPS.setStrokeColorN:
        s.stroke = { ...s.stroke, colour: null };
        return;
      case OPS.clip:
        this.pendingClip = "nonzero";
        return;
      case OPS.eoClip:
        this.pendingClip = "evenodd";
        return;
      case OPS.constructPath:
        return this.path(num(args[0]), args[1]);
      case OPS.rawFillPath:
        return;
      case OPS.beginText:
        s.textMatrix = IDENTITY;
        s.x = s.lineX = s.y = s.lineY = 0;
        return;
      case OPS.endText:
        // Text drawn in a clipping render mode (4 to 7) clips what follows to its glyph outlines.
        if (this.textClipPending) s.clipUnknown = true;
        this.textClipPending = false;
        return;
      case OPS.setCharSpacing:
        s.charSpacing = num(args[0]);
        return;
      case OPS.setWordSpacing:
        s.wordSpacing = num(args[0]);
        return;
      case OPS.setHScale:
        s.hScale = num(args[0], 100) / 100;
        return;
      case OPS.setLeading:
        s.leading = -num(args[0]);
        return;
      case OPS.setFont:
        s.font = fontOf(this.page, args[0]);
        s.fontSize = num(args[1]);
        return;
      case OPS.setTextRenderingMode:
        s.renderMode = num(args[0]);
        return;
      case OPS.setTextRise:
        s.rise = num(args[0]);
        return;
      case OPS.moveText:
        s.x = s.lineX += num(args[0]);
        s.y = s.lineY += num(args[1]);
        return;
      case OPS.setLeadingMoveText:
        s.leading = num(args[1]);
        s.x = s.lineX += num(args[0]);
        s.y = s.lineY += num(args[1]);
        return;
      case OPS.nextLine:
        s.x = s.lineX;
        s.y = s.lineY += s.leading;
        return;
      case OPS.setTextMatrix: {
        const matrix = args[0];
        if (isMatrix(matrix)) s.textMatrix = Array.from(matrix) as unknown as Matrix;
        s.x = s.lineX = s.y = s.lineY = 0;
        return;
      }
      case OPS.showText:
        return this.showText(args[0]);
      case OPS.paintFormXObjectBegin: {
        this.save();
        const inner = this.state;
        if (isMatrix(args[0])) inner.ctm = compose(inner.ctm, args[0]);
        const bbox = numbers(args[1]);
        if (bbox) this.clipTo(unitBox(bbox, inner.ctm));
        return;
      }
      case OPS.paintFormXObjectEnd:
        return this.restore();
      case OPS.beginGroup:
        return this.beginGroup(args[0]);
      case OPS.endGroup:
        return this.restore();
      case OPS.beginAnnotation:
        return this.beginAnnotation(args);
      case OPS.endAnnotation:
        this.annotation = null;
        return;
      case OPS.beginMarkedContent:
        this.marked.push(true);
        return;
      case OPS.beginMarkedContentProps:
        this.marked.push(args[0] === "OC" ? this.layerVisible(args[1]) : true);
        return;
      case OPS.endMarkedContent:
        this.marked.pop();
        return;
      case OPS.paintImageXObject:
        return this.image(imageData(objectOf(this.page, args[0])), this.state.ctm);
      case OPS.paintInlineImageXObject:
        return this.image(imageData(args[0]), this.state.ctm);
      case OPS.paintImageXObjectRepeat:
        return this.repeatedImage(args);
      case OPS.paintInlineImageXObjectGroup:
        return this.imageGroup(args[1]);
      case OPS.paintImageMaskXObject:
        return this.stencil(args[0]);
      case OPS.paintImageMaskXObjectGroup:
      case OPS.paintImageMaskXObjectRepeat:
        // Many small stencils (letters drawn as bitmaps): they paint only their set pixels, so hide nothing.
        return;
      case OPS.paintSolidColorImageMask:
        return this.fillArea(unitSquare(this.state.ctm), "fill");
      case OPS.shadingFill:
        return this.addPaint("fill", EVERYWHERE, { colour: null, alpha: this.state.fill.alpha });
      default:
        return;
    }
  }

  private textClipPending = false;

  private setGState(pairs: unknown): void {
    if (!Array.isArray(pairs)) return;
    const s = this.state;
    for (const pair of pairs) {
      if (!Array.isArray(pair)) continue;
      const [key, value] = pair as [unknown, unknown];
      if (key === "LW") s.lineWidth = Math.abs(num(value, 1));
      else if (key === "CA") s.stroke = { ...s.stroke, alpha: num(value, 1) };
      else if (key === "ca") s.fill = { ...s.fill, alpha: num(value, 1) };
      else if (key === "BM") s.blend = typeof value === "string" ? value : NORMAL;
      else if (key === "SMask") s.softMask = value === true;
      else if (key === "TR") s.transfer = value !== null && value !== undefined && value !== "none";
      else if (key === "Font" && Array.isArray(value)) {
        s.font = fontOf(this.page, value[0]);
        s.fontSize = num(value[1]);
      }
    }
  }

  private beginGroup(group: unknown): void {
    const outer = this.state;
    this.save();
    const s = this.state;
    const { smask, bbox, matrix } = (typeof group === "object" && group !== null ? group : {}) as { smask?: unknown; bbox?: unknown; matrix?: unknown };
    s.groupAlpha = outer.groupAlpha * outer.fill.alpha;
    s.groupBlend = outer.blend !== NORMAL ? outer.blend : outer.groupBlend;
    s.inMaskDefinition = outer.inMaskDefinition || Boolean(smask);
    s.softMask = outer.softMask;
    s.fill = { ...s.fill, alpha: 1 };
    s.stroke = { ...s.stroke, alpha: 1 };
    s.blend = NORMAL;
    const box = numbers(bbox);
    if (box) this.clipTo(unitBox(box, isMatrix(matrix) ? compose(s.ctm, matrix) : s.ctm));
  }

  private beginAnnotation(args: readonly unknown[]): void {
    const [id, rect, transform, matrix] = args;
    // pdf.js draws each appearance from the page's initial state, clipped to its rectangle.
    this.stack.length = 0;
    this.state = { ...this.initial };
    this.pendingClip = null;
    this.annotation = typeof id === "string" ? id : null;
    const rectNumbers = numbers(rect);
    const box = rectNumbers ? boxFrom(rectNumbers) : null;
    if (box) {
      if (this.annotation !== null) this.annotations.set(this.annotation, box);
      this.clipTo(rectangle(box));
    }
    if (isMatrix(transform)) this.state.ctm = compose(this.state.ctm, transform);
    if (isMatrix(matrix)) this.state.ctm = compose(this.state.ctm, matrix);
  }

  private clipTo(area: Area): void {
    this.state.clips = [...this.state.clips, area];
  }

  private path(paintOp: number, data: unknown): void {
    const s = this.state;
    const raw: unknown = Array.isArray(data) ? (data as unknown[])[0] : null;
    const subpaths = raw && (ArrayBuffer.isView(raw) || Array.isArray(raw)) ? subpathsOf(raw as ArrayLike<number>, s.ctm) : [];
    const fills = [OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke];
    const strokes = [OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke];
    const evenOdd = paintOp === OPS.eoFill || paintOp === OPS.eoFillStroke || paintOp === OPS.closeEOFillStroke;
    if (fills.includes(paintOp)) this.fillArea(areaOf(subpaths.map((subpath) => subpath.points), evenOdd), "fill");
    if (strokes.includes(paintOp)) {
      const closes = paintOp === OPS.closeStroke || paintOp === OPS.closeFillStroke || paintOp === OPS.closeEOFillStroke;
      const lines = subpaths.map(({ points, closed }) => (closed || closes) && points.length > 1 ? [...points, points[0] as Point] : points);
      // A zero width is the thinnest line the device can draw: a quarter point is generous.
      const halfWidth = Math.max(0.25, (s.lineWidth * meanScale(s.ctm)) / 2);
      this.strokeLines(strokedLines(lines, halfWidth));
    }
    if (this.pendingClip) {
      this.clipTo(areaOf(subpaths.map((subpath) => subpath.points), this.pendingClip === "evenodd"));
      this.pendingClip = null;
    }
  }

  private fillArea(area: Area, kind: "fill"): void {
    const s = this.state;
    this.addPaint(kind, area, s.fillPattern === "tiling" ? { colour: null, alpha: 0 } : s.fill);
  }

  private strokeLines(stroke: StrokedLines): void {
    const { clips, transfer } = this.state;
    const colour = transfer ? null : this.state.stroke.colour;
    this.recordPaint({
      kind: "stroke",
      box: stroke.box,
      covers: (point) => onLines(stroke, point.x, point.y) && inClips(clips, point),
      colourAt: () => colour,
      opaque: this.isOpaque(this.state.stroke),
    });
  }

  private addPaint(kind: "fill", area: Area, ink: Ink): void {
    const { clips, transfer } = this.state;
    const colour = transfer ? null : ink.colour;
    this.recordPaint({
      kind,
      box: area === EVERYWHERE ? clipBox(clips) : area.box,
      covers: (point) => inArea(area, point.x, point.y) && inClips(clips, point),
      colourAt: () => colour,
      opaque: this.isOpaque(ink),
    });
  }

  /** A stencil mask: the fill colour painted where its bits are clear (pdf.js's convention). */
  private stencil(value: unknown): void {
    const { clips, ctm, transfer, fill } = this.state;
    const record = (typeof value === "object" && value !== null ? value : {}) as { data?: unknown; width?: unknown; height?: unknown };
    const data = typeof record.data === "string" ? objectOf(this.page, record.data) : record;
    const mask = imageData({ ...(typeof data === "object" && data !== null ? data : {}), kind: 1 });
    if (!mask) return;
    const area = unitSquare(ctm);
    const colour = transfer ? null : fill.colour;
    this.recordPaint({
      kind: "image",
      box: area.box,
      covers: (point) => {
        const at = pixelAt(mask, ctm, point);
        return at !== null && pixel(mask, at.col, at.row).colour?.[0] === 0 && inClips(clips, point);
      },
      colourAt: () => colour,
      opaque: this.isOpaque(fill),
    });
  }

  /** The same image drawn at several places (pdf.js's optimisation): painted, its colours not looked at. */
  private repeatedImage(args: readonly unknown[]): void {
    const [, scaleX, scaleY, positions] = args;
    const at = numbers(positions) ?? [];
    for (let i = 0; i + 1 < at.length; i += 2) {
      this.image(null, compose(this.state.ctm, [num(scaleX), 0, 0, num(scaleY), at[i] ?? 0, at[i + 1] ?? 0]));
    }
  }

  /** Small inline images grouped by pdf.js, each with its own placement. */
  private imageGroup(map: unknown): void {
    if (!Array.isArray(map)) return;
    for (const entry of map as unknown[]) {
      const transform = typeof entry === "object" && entry !== null ? (entry as { transform?: unknown }).transform : null;
      if (isMatrix(transform)) this.image(null, compose(this.state.ctm, transform));
    }
  }

  private image(image: ImageData | null, m: Matrix): void {
    const { clips, transfer } = this.state;
    const area = unitSquare(m);
    const opaqueHere = (point: Point): boolean => {
      if (!image) return true;
      const at = pixelAt(image, m, point);
      return at !== null && pixel(image, at.col, at.row).alpha >= 1;
    };
    this.recordPaint({
      kind: "image",
      box: area.box,
      covers: (point) => inArea(area, point.x, point.y) && inClips(clips, point) && opaqueHere(point),
      colourAt: (point) => {
        if (!image || transfer) return null;
        const at = pixelAt(image, m, point);
        return at ? pixel(image, at.col, at.row).colour : null;
      },
      opaque: this.isOpaque({ colour: null, alpha: this.state.fill.alpha }),
    });
  }

  private isOpaque(ink: Ink): boolean {
    const s = this.state;
    return (
      ink.alpha * s.groupAlpha >= 1 && s.blend === NORMAL && s.groupBlend === NORMAL && !s.softMask && !s.clipUnknown
    );
  }

  private recordPaint(paint: Omit<Paint, "order" | "annotation">): void {
    if (!this.contentVisible || this.state.inMaskDefinition) return;
    this.paints.push({ ...paint, order: this.order++, annotation: this.annotation });
  }

  private placeOf(point: Point): PointPlace {
    const { clips } = this.state;
    // The crop box is always the first clip.
    for (let i = 0; i < clips.length; i++) {
      if (!inArea(clips[i] as Area, point.x, point.y)) return i === 0 ? "off-page" : "clipped";
    }
    return this.state.clipUnknown ? "clip-unknown" : "inside";
  }

  private drawnReason(): DrawnHiddenReason | null {
    const s = this.state;
    const mode = s.renderMode & 3;
    if (mode === 3) return "invisible";
    if (!this.contentVisible) return "hidden-layer";
    if (s.softMask || s.inMaskDefinition) return "masked";
    if (!DARKENING.has(s.blend) || !DARKENING.has(s.groupBlend) || s.transfer) return "unjudged";
    return null;
  }

  private inks(): Ink[] {
    const s = this.state;
    const scale = (ink: Ink): Ink => ({ colour: ink.colour, alpha: ink.alpha * s.groupAlpha });
    const mode = s.renderMode & 3;
    if (mode === 0) return [scale(s.fill)];
    if (mode === 1) return [scale(s.stroke)];
    if (mode === 2) return [scale(s.fill), scale(s.stroke)];
    return [];
  }

  private showText(glyphs: unknown): void {
    if (!Array.isArray(glyphs)) return;
    const s = this.state;
    if (s.renderMode >= 4) this.textClipPending = true;
    const font = s.font ?? { fontMatrix: [0.001, 0, 0, 0.001, 0, 0] as Matrix, vertical: false, missingFile: false };
    const direction = s.fontSize < 0 ? -1 : 1;
    const widthScale = s.fontSize * font.fontMatrix[0];
    let advance = 0;
    const placed: PlacedGlyph[] = [];
    for (const item of glyphs as unknown[]) {
      if (typeof item === "number") {
        advance -= (item * s.fontSize) / 1000;
        continue;
      }
      if (typeof item !== "object" || item === null) continue;
      const glyph = item as { unicode?: unknown; width?: unknown; isSpace?: unknown; isInFont?: unknown };
      const width = num(glyph.width) * widthScale;
      const spacing = (glyph.isSpace === true ? s.wordSpacing : 0) + s.charSpacing;
      placed.push({ unicode: typeof glyph.unicode === "string" ? glyph.unicode : "", inFont: glyph.isInFont !== false, at: advance, width });
      advance += font.vertical ? width - spacing * direction : width + spacing * direction;
    }
    if ((this.annotation === null) === (this.source === "content")) this.recordGlyphs(placed, font);
    if (font.vertical) s.y -= advance;
    else s.x += advance * s.hScale;
  }

  private recordGlyphs(placed: readonly PlacedGlyph[], font: FontInfo): void {
    const s = this.state;
    const size = Math.abs(s.fontSize);
    const toPage = compose(s.ctm, s.textMatrix);
    const height = lengthUnder(toPage, 0, size);
    const run = this.run++;
    const baseReason = this.drawnReason();
    const inks = this.inks();
    const unknownInk = inks.some((ink) => ink.colour === null);
    for (let i = 0; i < placed.length; i++) {
      const { unicode, inFont, at, width } = placed[i] as PlacedGlyph;
      const text = NON_ASCII.test(unicode) ? unicode.normalize("NFKC") : unicode;
      if (text === "") continue;
      const x0 = font.vertical ? s.x : s.x + at * s.hScale;
      const y0 = (font.vertical ? s.y - at : s.y) + s.rise;
      const whitespace = text.trim() === "";
      const points: { point: Point; place: PointPlace }[] = [];
      let reason = baseReason;
      if (!whitespace) {
        const glyphWidth = (font.vertical ? size * 0.5 : width) * s.hScale;
        for (const up of SAMPLE_UP) {
          for (const across of SAMPLE_ACROSS) {
            const point = apply(toPage, x0 + glyphWidth * across, y0 + size * up);
            points.push({ point, place: this.placeOf(point) });
          }
        }
        const next = placed[i + 1];
        const step = (next ? next.at - at : width) * s.hScale;
        if (reason !== null) {
          // decided by how it was drawn
        } else if (height < MIN_SIZE) reason = "tiny";
        else if (!font.vertical && lengthUnder(toPage, Math.abs(step), 0) < MIN_ADVANCE * height) reason = "squeezed";
        else if (!inFont && !font.missingFile) reason = "no-glyph";
        else if (unknownInk) reason = "unjudged";
      }
      this.glyphs.push({
        order: this.order++,
        text,
        run,
        annotation: this.annotation,
        start: apply(toPage, x0, y0),
        end: apply(toPage, x0 + (font.vertical ? 0 : width * s.hScale), y0 - (font.vertical ? width : 0)),
        size: height,
        whitespace,
        points,
        inks,
        reason,
      });
    }
  }
}

interface PlacedGlyph {
  readonly unicode: string;
  readonly inFont: boolean;
  /** Where it starts along the run, in text space before horizontal scaling. */
  readonly at: number;
  readonly width: number;
}

const NON_ASCII = /[^\x00-\x7f]/u;

/** The numbers of an array or typed array, or null for anything else. */
function numbers(value: unknown): number[] | null {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && "length" in value)) return null;
  return Array.from(value as ArrayLike<unknown>, (v) => num(v, NaN));
}

function boxFrom(values: readonly number[]): Box | null {
  const [a, b, c, d] = values;
  if (a === undefined || b === undefined || c === undefined || d === undefined || [a, b, c, d].some(Number.isNaN)) return null;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/** A bounding box given in a form's or group's own space, as an area on the page. */
function unitBox(values: readonly number[], m: Matrix): Area {
  const box = boxFrom(values);
  if (!box) return EVERYWHERE;
  const [left, bottom, right, top] = box;
  return areaOf([[apply(m, left, bottom), apply(m, right, bottom), apply(m, right, top), apply(m, left, top)]], false);
}

function clipBox(clips: readonly Area[]): Box {
  let [left, bottom, right, top] = [-Infinity, -Infinity, Infinity, Infinity];
  for (const clip of clips) {
    left = Math.max(left, clip.box[0]);
    bottom = Math.max(bottom, clip.box[1]);
    right = Math.min(right, clip.box[2]);
    top = Math.min(top, clip.box[3]);
  }
  return [left, bottom, right, top];
}

function inClips(clips: readonly Area[], point: Point): boolean {
  for (const clip of clips) if (!inArea(clip, point.x, point.y)) return false;
  return true;
}

/** Everything the page draws, annotations included (as pdf.js displays them: hidden ones left out). */
export async function drawPage(page: PDFPageProxy, layerVisible: (properties: unknown) => boolean, source: GlyphSource): Promise<DrawnPage> {
  const [left, bottom, right, top] = page.view;
  const walk = new PageWalk(page, [left ?? 0, bottom ?? 0, right ?? 0, top ?? 0], layerVisible, source);
  const list = await page.getOperatorList();
  for (let i = 0; i < list.fnArray.length; i++) walk.step(list.fnArray[i] as number, (list.argsArray[i] as unknown[] | null) ?? []);
  return walk.result();
}
