// Encrypts a PDF with the standard security handler, RC4 40-bit (PDF 1.3: V 1, R 2). pdf-lib
// cannot encrypt and there is no qpdf offline, and this, the oldest scheme, is small enough to
// write here: MD5 from node:crypto, RC4 by hand. Every reader still supports it, so a file
// built this way is a genuine password-protected (or permissions-only) PDF, not a look-alike.

import { createHash, randomBytes } from "node:crypto";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } from "pdf-lib";
import type { PDFObject } from "pdf-lib";

const PADDING = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");
/** Print, copy, modify and annotate allowed; the rest of the bits as PDF 1.3 requires. */
const PERMISSIONS = -4;

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = Array.from({ length: 256 }, (_, i) => i);
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + (s[i] ?? 0) + (key[i % key.length] ?? 0)) & 0xff;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
  }
  const out = new Uint8Array(data.length);
  let i = 0;
  j = 0;
  for (let n = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + (s[i] ?? 0)) & 0xff;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
    out[n] = (data[n] ?? 0) ^ (s[((s[i] ?? 0) + (s[j] ?? 0)) & 0xff] ?? 0);
  }
  return out;
}

function md5(...parts: Uint8Array[]): Buffer {
  const hash = createHash("md5");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function padded(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, "latin1"), PADDING]).subarray(0, 32);
}

function int32le(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return buffer;
}

function encryptObject(object: PDFObject, key: Uint8Array): PDFObject {
  if (object instanceof PDFString || object instanceof PDFHexString) {
    return PDFHexString.of(Buffer.from(rc4(key, object.asBytes())).toString("hex"));
  }
  if (object instanceof PDFArray) {
    for (let index = 0; index < object.size(); index++) object.set(index, encryptObject(object.get(index), key));
    return object;
  }
  if (object instanceof PDFRawStream) {
    encryptObject(object.dict, key);
    return PDFRawStream.of(object.dict, rc4(key, object.contents));
  }
  if (object instanceof PDFDict) {
    for (const [name, value] of object.entries()) object.set(name, encryptObject(value, key));
  }
  return object;
}

export interface Passwords {
  /** Needed to open the file; "" opens without asking (a permissions-only PDF). */
  readonly user: string;
  readonly owner: string;
}

export async function encryptPdf(bytes: Uint8Array, passwords: Passwords): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const context = doc.context;
  const id = randomBytes(16);
  const owner = rc4(md5(padded(passwords.owner)).subarray(0, 5), padded(passwords.user));
  const fileKey = md5(padded(passwords.user), owner, int32le(PERMISSIONS), id).subarray(0, 5);
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const objectId = Buffer.from([ref.objectNumber, ref.objectNumber >> 8, ref.objectNumber >> 16, ref.generationNumber, ref.generationNumber >> 8]);
    const key = md5(fileKey, objectId).subarray(0, 10);
    context.assign(ref, encryptObject(object, key));
  }
  const hex = (data: Uint8Array) => PDFHexString.of(Buffer.from(data).toString("hex"));
  context.trailerInfo.Encrypt = context.register(
    context.obj({ Filter: PDFName.of("Standard"), V: 1, R: 2, O: hex(owner), U: hex(rc4(fileKey, PADDING)), P: PERMISSIONS }),
  );
  context.trailerInfo.ID = context.obj([hex(id), hex(id)]);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}
