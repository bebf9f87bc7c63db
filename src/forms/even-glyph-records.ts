// Rewrites a TrueType font so that every glyph record has an even length. @pdf-lib/fontkit's
// subsetter writes the short `loca` format (offsets halved) whenever a subset is small, without
// padding, so after the first odd-length record every glyph is read from the wrong byte (fixed
// upstream in fontkit 1.8, never in the fork pdf-lib uses). Arimo has 1,073 such records.

const TABLE_RECORD = 16;
const HEADER = 12;
/** head.indexToLocFormat: 0 short offsets (halved), 1 long offsets. */
const INDEX_TO_LOC_FORMAT = 50;
const CHECKSUM_ADJUSTMENT = 8;

interface Table {
  readonly tag: string;
  data: Uint8Array;
}

function tablesOf(font: Uint8Array): { version: number; tables: Table[] } {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const count = view.getUint16(4);
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const record = HEADER + i * TABLE_RECORD;
    const tag = String.fromCharCode(...font.subarray(record, record + 4));
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    if (offset + length > font.length) throw new Error(`font table ${tag} runs past the end of the file`);
    tables.push({ tag, data: font.slice(offset, offset + length) });
  }
  return { version: view.getUint32(0), tables };
}

function table(tables: readonly Table[], tag: string): Table {
  const found = tables.find((candidate) => candidate.tag === tag);
  if (!found) throw new Error(`font has no ${tag} table`);
  return found;
}

function glyphOffsets(loca: Uint8Array, long: boolean): number[] {
  const view = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
  const count = loca.length / (long ? 4 : 2);
  return Array.from({ length: count }, (_, i) => (long ? view.getUint32(i * 4) : view.getUint16(i * 2) * 2));
}

function checksum(data: Uint8Array): number {
  const padded = new Uint8Array(Math.ceil(data.length / 4) * 4);
  padded.set(data);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

function assemble(version: number, tables: readonly Table[]): Uint8Array {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const aligned = (length: number) => Math.ceil(length / 4) * 4;
  const size = HEADER + sorted.length * TABLE_RECORD + sorted.reduce((sum, t) => sum + aligned(t.data.length), 0);
  const font = new Uint8Array(size);
  const view = new DataView(font.buffer);
  const power = 2 ** Math.floor(Math.log2(sorted.length));
  view.setUint32(0, version);
  view.setUint16(4, sorted.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, sorted.length * 16 - power * 16);
  let offset = HEADER + sorted.length * TABLE_RECORD;
  sorted.forEach((t, i) => {
    const record = HEADER + i * TABLE_RECORD;
    for (let c = 0; c < 4; c++) view.setUint8(record + c, t.tag.charCodeAt(c));
    view.setUint32(record + 4, checksum(t.data));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, t.data.length);
    font.set(t.data, offset);
    offset += aligned(t.data.length);
  });
  const head = sorted.findIndex((t) => t.tag === "head");
  const headOffset = view.getUint32(HEADER + head * TABLE_RECORD + 8);
  view.setUint32(headOffset + CHECKSUM_ADJUSTMENT, (0xb1b0afba - checksum(font)) >>> 0);
  return font;
}

/** The same font, its glyph records padded to even lengths and indexed with long offsets. */
export function withEvenGlyphRecords(font: Uint8Array): Uint8Array {
  const { version, tables } = tablesOf(font);
  const head = table(tables, "head");
  const loca = table(tables, "loca");
  const glyf = table(tables, "glyf");
  const headView = new DataView(head.data.buffer, head.data.byteOffset, head.data.byteLength);
  const offsets = glyphOffsets(loca.data, headView.getInt16(INDEX_TO_LOC_FORMAT) === 1);
  const records = offsets.slice(0, -1).map((start, i) => glyf.data.subarray(start, offsets[i + 1]));
  const paddedLength = (record: Uint8Array) => record.length + (record.length % 2);
  const newGlyf = new Uint8Array(records.reduce((sum, record) => sum + paddedLength(record), 0));
  const newLoca = new Uint8Array(offsets.length * 4);
  const locaView = new DataView(newLoca.buffer);
  let at = 0;
  records.forEach((record, i) => {
    locaView.setUint32(i * 4, at);
    newGlyf.set(record, at);
    at += paddedLength(record);
  });
  locaView.setUint32(records.length * 4, at);
  headView.setInt16(INDEX_TO_LOC_FORMAT, 1);
  headView.setUint32(CHECKSUM_ADJUSTMENT, 0);
  glyf.data = newGlyf;
  loca.data = newLoca;
  return assemble(version, tables);
}
