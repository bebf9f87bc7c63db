// Points, matrices and areas of a page, in PDF user space: just enough geometry to tell
// whether a point of a glyph lies inside a clip, under a later paint, or off the page.

/** [a, b, c, d, e, f]: x' = a x + c y + e, y' = b x + d y + f (PDF's order). */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** left, bottom, right, top */
export type Box = readonly [number, number, number, number];

/** `outer` after `inner`: the matrix that maps p to outer(inner(p)). */
export function compose(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f];
}

export function apply(m: Matrix, x: number, y: number): Point {
  return { x: m[0] * x + m[2] * y + m[4], y: m[1] * x + m[3] * y + m[5] };
}

/** How long a vector (x, y) becomes under the matrix (translation ignored). */
export function lengthUnder(m: Matrix, x: number, y: number): number {
  return Math.hypot(m[0] * x + m[2] * y, m[1] * x + m[3] * y);
}

/** The factor areas scale by, as a length: a line width in user space becomes this much wider. */
export function meanScale(m: Matrix): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}

export function isMatrix(value: unknown): value is Matrix {
  return (
    (Array.isArray(value) || ArrayBuffer.isView(value)) &&
    (value as ArrayLike<unknown>).length === 6 &&
    Array.from(value as ArrayLike<unknown>).every((n) => typeof n === "number" && Number.isFinite(n))
  );
}

export function boxOf(points: readonly Point[]): Box {
  let [left, bottom, right, top] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y } of points) {
    left = Math.min(left, x);
    right = Math.max(right, x);
    bottom = Math.min(bottom, y);
    top = Math.max(top, y);
  }
  return [left, bottom, right, top];
}

export function inBox(box: Box, x: number, y: number): boolean {
  return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
}

/** A filled area: closed polygons (curves flattened) and the rule that says what is inside. */
export interface Area {
  readonly polygons: readonly (readonly Point[])[];
  readonly evenOdd: boolean;
  readonly box: Box;
}

export const EVERYWHERE: Area = {
  polygons: [[{ x: -1e9, y: -1e9 }, { x: 1e9, y: -1e9 }, { x: 1e9, y: 1e9 }, { x: -1e9, y: 1e9 }]],
  evenOdd: false,
  box: [-1e9, -1e9, 1e9, 1e9],
};

export function areaOf(polygons: readonly (readonly Point[])[], evenOdd: boolean): Area {
  const nonEmpty = polygons.filter((polygon) => polygon.length > 0);
  return { polygons: nonEmpty, evenOdd, box: nonEmpty.length > 0 ? boxOf(nonEmpty.flat()) : [0, 0, -1, -1] };
}

/** The quadrilateral the unit square [0,1]² becomes under m (where an image or a tile lands). */
export function unitSquare(m: Matrix): Area {
  return areaOf([[apply(m, 0, 0), apply(m, 1, 0), apply(m, 1, 1), apply(m, 0, 1)]], false);
}

export function rectangle(box: Box): Area {
  const [left, bottom, right, top] = box;
  return areaOf([[{ x: left, y: bottom }, { x: right, y: bottom }, { x: right, y: top }, { x: left, y: top }]], false);
}

/** Winding-number test, with the area's own rule. */
export function inArea(area: Area, x: number, y: number): boolean {
  if (!inBox(area.box, x, y)) return false;
  let winding = 0;
  let crossings = 0;
  for (const polygon of area.polygons) {
    for (let i = 0; i < polygon.length; i++) {
      const p = polygon[i] as Point;
      const q = polygon[(i + 1) % polygon.length] as Point;
      if ((p.y <= y) === (q.y <= y)) continue;
      const crossX = p.x + ((y - p.y) / (q.y - p.y)) * (q.x - p.x);
      if (crossX <= x) continue;
      crossings++;
      winding += q.y > p.y ? 1 : -1;
    }
  }
  return area.evenOdd ? crossings % 2 === 1 : winding !== 0;
}

/** A stroked path: its segments and half the line width, all on the page. */
export interface StrokedLines {
  readonly lines: readonly (readonly Point[])[];
  readonly halfWidth: number;
  readonly box: Box;
}

export function strokedLines(lines: readonly (readonly Point[])[], halfWidth: number): StrokedLines {
  const points = lines.flat();
  const [left, bottom, right, top] = points.length > 0 ? boxOf(points) : [0, 0, -1, -1];
  return { lines, halfWidth, box: [left - halfWidth, bottom - halfWidth, right + halfWidth, top + halfWidth] };
}

function distanceToSegment(x: number, y: number, p: Point, q: Point): number {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / lengthSquared));
  return Math.hypot(x - (p.x + t * dx), y - (p.y + t * dy));
}

export function onLines(stroke: StrokedLines, x: number, y: number): boolean {
  if (!inBox(stroke.box, x, y)) return false;
  for (const line of stroke.lines) {
    if (line.length === 1) {
      const only = line[0] as Point;
      if (Math.hypot(x - only.x, y - only.y) <= stroke.halfWidth) return true;
    }
    for (let i = 0; i + 1 < line.length; i++) {
      if (distanceToSegment(x, y, line[i] as Point, line[i + 1] as Point) <= stroke.halfWidth) return true;
    }
  }
  return false;
}

/** Pieces a Bézier curve is cut into: far finer than any glyph sample needs. */
const CURVE_STEPS = 8;

/**
 * pdf.js's path data (DrawOPS: 0 moveTo, 1 lineTo, 2 curveTo, 3 closePath) mapped onto the
 * page by `m`: the subpaths as point lists, and which of them were closed.
 */
export function subpathsOf(data: ArrayLike<number>, m: Matrix): { points: Point[]; closed: boolean }[] {
  const subpaths: { points: Point[]; closed: boolean }[] = [];
  let current: { points: Point[]; closed: boolean } | null = null;
  let last: Point = { x: 0, y: 0 };
  let start: Point = last;
  const at = (i: number): number => Number(data[i] ?? 0);
  const open = (): { points: Point[]; closed: boolean } => {
    if (current) return current;
    current = { points: [apply(m, last.x, last.y)], closed: false };
    subpaths.push(current);
    return current;
  };
  for (let i = 0; i < data.length; ) {
    const op = at(i++);
    if (op === 0) {
      last = start = { x: at(i), y: at(i + 1) };
      i += 2;
      current = null;
      open();
    } else if (op === 1) {
      const subpath = open();
      last = { x: at(i), y: at(i + 1) };
      i += 2;
      subpath.points.push(apply(m, last.x, last.y));
    } else if (op === 2) {
      const subpath = open();
      const [x1, y1, x2, y2, x3, y3] = [at(i), at(i + 1), at(i + 2), at(i + 3), at(i + 4), at(i + 5)];
      i += 6;
      for (let step = 1; step <= CURVE_STEPS; step++) {
        const t = step / CURVE_STEPS;
        const u = 1 - t;
        const x = u * u * u * last.x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3;
        const y = u * u * u * last.y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3;
        subpath.points.push(apply(m, x, y));
      }
      last = { x: x3, y: y3 };
    } else if (op === 3) {
      if (current) (current as { closed: boolean }).closed = true;
      // Drawing goes on from the subpath's first point, in a new subpath.
      current = null;
      last = start;
    } else {
      break; // an unknown drawing operator: pdf.js stops understanding the path here too
    }
  }
  return subpaths;
}
