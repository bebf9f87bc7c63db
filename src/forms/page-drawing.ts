// What one page draws, from pdf.js's operator list (the list its canvas renderer executes,
// annotation appearances included): every glyph with where it lands and the state it was drawn
// in, and every area painted over the page. Following the renderer's own list, rather than
// the text extraction, is what lets hidden text be told apart from shown text: the text
// extraction reports glyphs in render mode 3, in white, clipped away or painted over alike.
// Whether each glyph is finally seen is judged in glyph-visibility.ts.

import { OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { drawnGlyphs, placeGlyphs, STANDARD_FONT } from "./drawn-text.ts";
import type { DrawnGlyph, FontInfo, PointPlace } from "./drawn-text.ts";
import { changeState, groupState, initialState, isOpaque, num, textHiddenBy, textInks } from "./graphics-state.ts";
import type { GraphicsState } from "./graphics-state.ts";
import { clipBox, filled, imageData, imaged, stencilled, stroked } from "./paints.ts";
import type { Ink, Paint, PaintShape } from "./paints.ts";
import { EVERYWHERE, apply, areaOf, compose, inArea, isMatrix, meanScale, rectangle, strokedLines, subpathsOf, unitSquare } from "./plane.ts";
import type { Area, Box, Matrix, Point } from "./plane.ts";

export interface DrawnPage {
  readonly crop: Box;
  readonly glyphs: readonly DrawnGlyph[];
  readonly paints: readonly Paint[];
  /** Annotations pdf.js drew (hidden and no-view ones are not drawn), by id, with their rectangles. */
  readonly annotations: ReadonlyMap<string, Box>;
}

/** The operators of a Type 3 glyph's procedure that put ink on the page. */
const PAINTING = new Set<number>([
  OPS.showText,
  OPS.shadingFill,
  OPS.paintFormXObjectBegin,
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageXObjectRepeat,
  OPS.paintInlineImageXObjectGroup,
  OPS.paintImageMaskXObject,
  OPS.paintImageMaskXObjectGroup,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintSolidColorImageMask,
]);

/** A Type 3 glyph procedure (as pdf.js hands it over) that paints nothing. */
function procedurePaintsNothing(list: unknown): boolean {
  const { fnArray, argsArray } = (typeof list === "object" && list !== null ? list : {}) as { fnArray?: unknown; argsArray?: unknown };
  if (!Array.isArray(fnArray)) return false;
  return !fnArray.some((fn, i) => {
    if (PAINTING.has(fn as number)) return true;
    const args: unknown = Array.isArray(argsArray) ? (argsArray as unknown[])[i] : null;
    return fn === OPS.constructPath && Array.isArray(args) && args[0] !== OPS.endPath;
  });
}

/**
 * Whether a glyph has no shape: a Type 3 procedure that paints nothing, an embedded glyph
 * whose outline pdf.js built empty, or (for a font drawn from a substitute) the space glyph.
 */
function blankGlyphTest(page: PDFPageProxy, font: object): FontInfo["blank"] {
  const record = font as { isType3Font?: unknown; missingFile?: unknown; data?: unknown; loadedName?: unknown; charProcOperatorList?: unknown };
  if (record.isType3Font === true) {
    const procedures = (typeof record.charProcOperatorList === "object" && record.charProcOperatorList !== null ? record.charProcOperatorList : {}) as Record<string, unknown>;
    return ({ operatorListId }) => procedurePaintsNothing(procedures[String(operatorListId)]);
  }
  if (record.missingFile !== true && ArrayBuffer.isView(record.data) && typeof record.loadedName === "string") {
    const prefix = `${record.loadedName}_path_`;
    return ({ fontChar }) => {
      try {
        const path: unknown = page.commonObjs.get(prefix + fontChar);
        return typeof path === "string" && !/[LCQ]/u.test(path);
      } catch {
        return false; // no outline handed over: nothing to judge by
      }
    };
  }
  return ({ fontChar }) => fontChar.trim() === "";
}

function fontOf(page: PDFPageProxy, name: unknown): FontInfo | null {
  if (typeof name !== "string") return null;
  try {
    const font: unknown = page.commonObjs.get(name);
    if (typeof font !== "object" || font === null) return null;
    const record = font as { fontMatrix?: unknown; vertical?: unknown; missingFile?: unknown };
    return {
      fontMatrix: isMatrix(record.fontMatrix) ? record.fontMatrix : STANDARD_FONT.fontMatrix,
      vertical: record.vertical === true,
      missingFile: record.missingFile === true,
      blank: blankGlyphTest(page, font),
    };
  } catch {
    return null; // not resolved: treated as a font with standard metrics
  }
}

function objectOf(page: PDFPageProxy, id: unknown): unknown {
  if (typeof id !== "string") return null;
  try {
    return page.objs.get(id);
  } catch {
    return null;
  }
}

/**
 * Whose glyphs are recorded: the page's own content (a flattened or printed copy is read from
 * it) or the annotations' appearances (a fillable form's boxes). Every paint is recorded either
 * way, since any of them may lie under or over a glyph.
 */
/** Whose glyphs are recorded: the page's own content, its annotations' appearances, or both. */
export type GlyphSource = "content" | "annotations" | "all";

/** Walks the operator list of one page, as pdf.js's canvas renderer would, recording what is drawn. */
class PageWalk {
  private state: GraphicsState;
  private readonly stack: GraphicsState[] = [];
  private readonly initial: GraphicsState;
  private readonly marked: boolean[] = [];
  private pendingClip: "nonzero" | "evenodd" | null = null;
  private annotation: string | null = null;
  private order = 0;
  private run = 0;
  private readonly glyphs: DrawnGlyph[] = [];
  private readonly paints: Paint[] = [];
  private readonly annotations = new Map<string, Box>();
  /** Text in a clipping render mode was shown since BT: at ET it becomes the clip. */
  private textClipPending = false;

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
    if (changeState(s, fn, args, (name) => fontOf(this.page, name))) return;
    switch (fn) {
      case OPS.save:
        return this.save();
      case OPS.restore:
        return this.restore();
      case OPS.clip:
        this.pendingClip = "nonzero";
        return;
      case OPS.eoClip:
        this.pendingClip = "evenodd";
        return;
      case OPS.constructPath:
        return this.path(num(args[0]), args[1]);
      case OPS.endText:
        // Text drawn in a clipping render mode (4 to 7) clips what follows to its glyph outlines.
        if (this.textClipPending) s.clipUnknown = true;
        this.textClipPending = false;
        return;
      case OPS.showText:
        return this.showText(args[0]);
      case OPS.paintFormXObjectBegin: {
        this.save();
        const inner = this.state;
        if (isMatrix(args[0])) inner.ctm = compose(inner.ctm, args[0]);
        const bbox = numbers(args[1]);
        if (bbox) this.clipTo(boxArea(bbox, inner.ctm));
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
        return this.fillArea(unitSquare(this.state.ctm));
      case OPS.shadingFill: {
        const ink = { colour: null, alpha: s.fill.alpha };
        return this.record(filled(EVERYWHERE, null, s.clips, clipBox(s.clips)), ink);
      }
      default:
        return;
    }
  }

  private beginGroup(group: unknown): void {
    const { smask, bbox, matrix } = (typeof group === "object" && group !== null ? group : {}) as { smask?: unknown; bbox?: unknown; matrix?: unknown };
    this.stack.push(this.state);
    this.state = groupState(this.state, Boolean(smask));
    const box = numbers(bbox);
    if (box) this.clipTo(boxArea(box, isMatrix(matrix) ? compose(this.state.ctm, matrix) : this.state.ctm));
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
    if (fills.includes(paintOp)) this.fillArea(areaOf(subpaths.map((subpath) => subpath.points), evenOdd));
    if (strokes.includes(paintOp)) {
      const closes = paintOp === OPS.closeStroke || paintOp === OPS.closeFillStroke || paintOp === OPS.closeEOFillStroke;
      const lines = subpaths.map(({ points, closed }) => (closed || closes) && points.length > 1 ? [...points, points[0] as Point] : points);
      // A zero width is the thinnest line the device can draw: a quarter point is generous.
      const halfWidth = Math.max(0.25, (s.lineWidth * meanScale(s.ctm)) / 2);
      this.record(stroked(strokedLines(lines, halfWidth), s.transfer ? null : s.stroke.colour, s.clips), s.stroke);
    }
    if (this.pendingClip) {
      this.clipTo(areaOf(subpaths.map((subpath) => subpath.points), this.pendingClip === "evenodd"));
      this.pendingClip = null;
    }
  }

  private fillArea(area: Area): void {
    const s = this.state;
    // A tiling pattern may be transparent between its tiles: it is not taken to hide anything.
    const ink = s.fillPattern === "tiling" ? { colour: null, alpha: 0 } : s.fill;
    this.record(filled(area, s.transfer ? null : ink.colour, s.clips, area === EVERYWHERE ? clipBox(s.clips) : area.box), ink);
  }

  /** A stencil mask (args[0] of paintImageMaskXObject): pixels inline, or an object id. */
  private stencil(value: unknown): void {
    const s = this.state;
    const record = (typeof value === "object" && value !== null ? value : {}) as { data?: unknown };
    const mask = imageData(typeof record.data === "string" ? objectOf(this.page, record.data) : record);
    if (mask) this.record(stencilled(mask, s.ctm, s.transfer ? null : s.fill.colour, s.clips), s.fill);
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

  private image(image: ReturnType<typeof imageData>, m: Matrix): void {
    const s = this.state;
    this.record(imaged(image, m, s.clips, s.transfer), { colour: null, alpha: s.fill.alpha });
  }

  private record(shape: PaintShape, ink: Ink): void {
    if (!this.contentVisible || this.state.inMaskDefinition) return;
    this.paints.push({ ...shape, opaque: isOpaque(this.state, ink), order: this.order++, annotation: this.annotation });
  }

  private placeOf(point: Point): PointPlace {
    const { clips } = this.state;
    // The crop box is always the first clip.
    for (let i = 0; i < clips.length; i++) {
      if (!inArea(clips[i] as Area, point.x, point.y)) return i === 0 ? "off-page" : "clipped";
    }
    return this.state.clipUnknown ? "clip-unknown" : "inside";
  }

  private showText(items: unknown): void {
    if (!Array.isArray(items)) return;
    const s = this.state;
    if (s.renderMode >= 4) this.textClipPending = true;
    const { placed, advance } = placeGlyphs(items as unknown[], s);
    if (this.source === "all" || (this.annotation === null) === (this.source === "content")) {
      const context = {
        run: this.run++,
        annotation: this.annotation,
        reason: textHiddenBy(s, this.contentVisible),
        inks: textInks(s),
        placeOf: (point: Point) => this.placeOf(point),
        nextOrder: () => this.order++,
      };
      this.glyphs.push(...drawnGlyphs(placed, s, context));
    }
    if (s.font?.vertical) s.y -= advance;
    else s.x += advance * s.hScale;
  }
}

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
function boxArea(values: readonly number[], m: Matrix): Area {
  const box = boxFrom(values);
  if (!box) return EVERYWHERE;
  const [left, bottom, right, top] = box;
  return areaOf([[apply(m, left, bottom), apply(m, right, bottom), apply(m, right, top), apply(m, left, top)]], false);
}

/** Everything the page draws, annotations included (as pdf.js displays them: hidden ones left out). */
export async function drawPage(page: PDFPageProxy, layerVisible: (properties: unknown) => boolean, source: GlyphSource): Promise<DrawnPage> {
  const [left, bottom, right, top] = page.view;
  const walk = new PageWalk(page, [left ?? 0, bottom ?? 0, right ?? 0, top ?? 0], layerVisible, source);
  const list = await page.getOperatorList();
  for (let i = 0; i < list.fnArray.length; i++) walk.step(list.fnArray[i] as number, (list.argsArray[i] as unknown[] | null) ?? []);
  return walk.result();
}
