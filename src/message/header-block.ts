// Reads the top-level header block of a raw message into its fields, in order, without
// merging repeated fields (mailparser merges them, so it cannot say whether there were two
// From headers or which Authentication-Results came first).

export interface HeaderField {
  /** Lower-case field name, whitespace before the colon removed. */
  readonly name: string;
  /** The value with line breaks of folding removed, trimmed. */
  readonly value: string;
  /**
   * True when a line that neither starts a field nor begins with whitespace was joined to
   * this field. Parsers disagree about such lines, so identity must not be read from them.
   */
  readonly irregular: boolean;
}

export type HeaderBlock =
  | { readonly ok: true; readonly fields: readonly HeaderField[] }
  | { readonly ok: false; readonly problem: string };

/**
 * The most header any message is read with: Exchange Online refuses more than 256 KB of
 * headers, so no genuine message has more; a larger one is referred unread (src/examine).
 */
export const MAX_HEADER_BYTES = 256 * 1024;

// RFC 5322 field-name (printable ASCII except colon), optional obsolete whitespace, colon.
const FIELD_START = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
const FIELD_NAME_ONLY = /^[\x21-\x39\x3b-\x7e]+[ \t]*$/;
const FOLDED_COLON = /^[ \t]*:/;
const WHITESPACE_START = /^[ \t]/;

export function readHeaderBlock(raw: Uint8Array): HeaderBlock {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const end = headerEnd(bytes);
  if (end === null) {
    return { ok: false, problem: "header block too large" };
  }
  const lines = bytes.subarray(0, end).toString("utf8").split(/\r?\n/);
  return { ok: true, fields: groupFields(lines) };
}

/** The fields with this (lower-case) name, in the order they appear. */
export function fieldsNamed(fields: readonly HeaderField[], name: string): HeaderField[] {
  return fields.filter((field) => field.name === name);
}

/**
 * Byte offset where the header block ends (before the line ending of its last field), by the
 * rule mailauth uses: a line that is empty, or holds only CR, ends it; a message without one is
 * all header. Null when the header is longer than MAX_HEADER_BYTES. The one rule for where a
 * header ends: the mailboxes, the examiner and every reader of fields use it.
 */
export function headerEnd(raw: Uint8Array): number | null {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (bytes[0] === 0x0a || (bytes[0] === 0x0d && bytes[1] === 0x0a)) {
    return 0;
  }
  const searched = bytes.subarray(0, MAX_HEADER_BYTES + 3);
  const blankLine = /\n\r?\n/.exec(searched.toString("latin1"));
  if (blankLine !== null) {
    const lastLineEnd = bytes[blankLine.index - 1] === 0x0d ? blankLine.index - 1 : blankLine.index;
    return lastLineEnd <= MAX_HEADER_BYTES ? lastLineEnd : null;
  }
  return bytes.length <= MAX_HEADER_BYTES ? bytes.length : null;
}

/**
 * The header block's bytes from a message or any prefix of it, its last line ending kept;
 * the whole prefix when no end is found within MAX_HEADER_BYTES.
 */
export function headerBytes(head: Uint8Array): Buffer {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const end = headerEnd(bytes);
  if (end === null) return Buffer.from(bytes.subarray(0, MAX_HEADER_BYTES));
  const lineEnd = bytes[end] === 0x0d ? end + 2 : end + 1;
  return Buffer.from(bytes.subarray(0, Math.min(lineEnd, bytes.length)));
}

function groupFields(lines: readonly string[]): HeaderField[] {
  const fields: HeaderField[] = [];
  let current: { name: string; parts: string[]; irregular: boolean } | null = null;
  const finish = (): void => {
    if (current !== null) {
      fields.push({ name: current.name, value: current.parts.join("").trim(), irregular: current.irregular });
    }
  };

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const next = lines[index + 1] ?? "";
    const startsField = FIELD_START.test(line) || (FIELD_NAME_ONLY.test(line) && FOLDED_COLON.test(next));
    if (startsField) {
      finish();
      const joined = FIELD_START.test(line) ? line : `${line}${next}`;
      if (joined !== line) {
        index++;
      }
      const colon = joined.indexOf(":");
      current = {
        name: joined.slice(0, colon).trim().toLowerCase(),
        parts: [joined.slice(colon + 1)],
        irregular: false,
      };
    } else if (current !== null) {
      current.parts.push(line);
      if (!WHITESPACE_START.test(line)) {
        current.irregular = true;
      }
    }
    // A non-field line before any field (an mbox "From " line) belongs to no field.
  }
  finish();
  return fields;
}
