// Opens an untrusted PDF with pdf.js, after the cheap byte checks that need no parser. Every
// failure is classified as an unreadable problem; nothing here throws for bad input.

import { getDocument, VerbosityLevel } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { UnreadableProblem } from "./registration-form.ts";

export type Unreadable = { readonly kind: "unreadable"; readonly problem: UnreadableProblem; readonly detail: string };

export type OpenedPdf = { readonly kind: "opened"; readonly doc: PDFDocumentProxy } | Unreadable;

const HEADER = "%PDF-";
const END_OF_FILE = "%%EOF";
/** Where readers look for the header and the end-of-file marker (as Acrobat does). */
const MARKER_WINDOW = 1024;

export function unreadable(problem: UnreadableProblem, detail: string): Unreadable {
  return { kind: "unreadable", problem, detail };
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** `%PDF-` at the start, after nothing but whitespace or a byte-order mark. */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = latin1(bytes.subarray(0, MARKER_WINDOW + HEADER.length));
  const at = head.indexOf(HEADER);
  return at >= 0 && at <= MARKER_WINDOW && /^(?:\xef\xbb\xbf|\xfe\xff|\xff\xfe|[\s\0])*$/u.test(head.slice(0, at));
}

/** A file cut short (a truncated download or attachment) has lost its final `%%EOF`. */
export function hasEndOfFileMarker(bytes: Uint8Array): boolean {
  return latin1(bytes.subarray(Math.max(0, bytes.length - MARKER_WINDOW))).includes(END_OF_FILE);
}

/** An error as one printable line, safe for a log or a reply. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/[^\x20-\x7e]/gu, "?").slice(0, 200);
}

/** Classifies an error thrown by pdf.js while loading or reading a document. */
export function unreadableFromError(error: unknown): Unreadable {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return unreadable("encrypted", "The PDF is password-protected.");
  return unreadable("corrupt", `The PDF could not be parsed (${describeError(error)}).`);
}

/** The checks on the bytes alone that need no parser: null when they could be a whole PDF. */
export function pdfByteProblem(bytes: Uint8Array): Unreadable | null {
  if (!hasPdfHeader(bytes)) return unreadable("not-pdf", "The file does not start with a PDF header (%PDF-).");
  if (!hasEndOfFileMarker(bytes)) return unreadable("corrupt", "The PDF is truncated: it has no end-of-file marker.");
  return null;
}

/**
 * Opens the bytes with pdf.js. pdf.js takes ownership of (detaches) the array it is given, so it
 * gets a copy. Options keep it offline and quiet: no font, CMap or WASM fetching, no eval, no
 * console warnings for damaged files.
 */
export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  const problem = pdfByteProblem(bytes);
  if (problem) return problem;
  const task = getDocument({
    data: bytes.slice(),
    verbosity: VerbosityLevel.ERRORS,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    useWorkerFetch: false,
    useWasm: false,
    enableXfa: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
  });
  try {
    return { kind: "opened", doc: await task.promise };
  } catch (error) {
    await task.destroy();
    return unreadableFromError(error);
  }
}
