// Reading a posted form's fields, url-encoded or multipart, as what they must be: one text,
// a list of texts (ticked boxes), or one uploaded file. Anything else reads as empty.
import type { MultipartFile } from "@fastify/multipart";

type Body = Record<string, unknown> | null | undefined;

function valueOf(field: unknown): unknown {
  if (field && typeof field === "object" && "value" in field && !("toBuffer" in field)) return field.value;
  return field;
}

/** One text field; a field given twice reads as empty (no guessing which was meant). */
export function textField(body: unknown, name: string, maxLength = 10_000): string {
  const value = valueOf((body as Body)?.[name]);
  return typeof value === "string" ? value.slice(0, maxLength) : "";
}

/** Every value of a field that may be given several times (checkboxes). */
export function listField(body: unknown, name: string): string[] {
  const raw = (body as Body)?.[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.map(valueOf).filter((v): v is string => typeof v === "string");
}

/** The uploaded file of a multipart form, or null when none was chosen. */
export async function uploadedFile(body: unknown, name: string): Promise<{ filename: string; bytes: Buffer } | null> {
  const field = (body as Body)?.[name] as MultipartFile | undefined;
  if (!field || typeof field !== "object" || typeof field.toBuffer !== "function") return null;
  const bytes = await field.toBuffer();
  if (bytes.length === 0 && field.filename === "") return null;
  return { filename: field.filename || "the file", bytes };
}
