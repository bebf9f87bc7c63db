// What each checkbox holds: its value (/V, on the widget or inherited from its field). pdf.js
// reports a checkbox by the appearance state it shows (/AS) and never by /V, so the value is
// read here with pdf-lib, by the object number pdf.js gives the widget.

import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from "pdf-lib";
import type { PDFObject } from "pdf-lib";
import { isOnState } from "./read-fields.ts";

/** Whether the widget's field holds a tick; null when that cannot be read. */
export type HeldTick = (widgetId: string) => boolean | null;

/** Field trees deeper than this are not followed (a loop of /Parent entries, for one). */
const MAX_DEPTH = 32;

function valueText(value: PDFObject | undefined): string {
  if (value instanceof PDFName || value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return "";
}

function heldIn(doc: PDFDocument, widgetId: string): boolean | null {
  const match = /^(\d+)R(\d*)$/u.exec(widgetId);
  if (!match) return null;
  let dict: PDFObject | undefined = doc.context.lookup(PDFRef.of(Number(match[1]), Number(match[2] || 0)));
  if (!(dict instanceof PDFDict)) return null;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const value: PDFObject | undefined = dict.get(PDFName.of("V"));
    if (value !== undefined) return isOnState(valueText(doc.context.lookup(value)));
    const parent: PDFObject | undefined = dict.get(PDFName.of("Parent"));
    if (parent === undefined) return false; // no value anywhere up the tree: the box holds Off
    dict = doc.context.lookup(parent);
    if (!(dict instanceof PDFDict)) return null;
  }
  return null;
}

/** Parses the document once; what cannot be parsed holds nothing that can be read (null). */
export async function readHeldTicks(bytes: Uint8Array): Promise<HeldTick> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    return () => null;
  }
  return (widgetId) => {
    try {
      return heldIn(doc, widgetId);
    } catch {
      return null;
    }
  };
}
