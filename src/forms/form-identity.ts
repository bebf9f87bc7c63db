// Which form a PDF says it is, and where it says so: the generator's metadata (document
// information and XMP), a `form_id`/`form_version` field (other producers, earlier copies), the
// Form ID and version labels of a flattened copy, and the line every page prints. The first
// found identifies the form; it must be one the pages show, and any other place that names
// another form or version makes a form that is not what it shows.

import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { FIELDS } from "./definitions.ts";
import { quoted } from "./quote-value.ts";
import type { FieldValues } from "./read-fields.ts";
import type { PageText } from "./read-text.ts";
import type { FieldError } from "./registration-form.ts";

export interface FormIdentity {
  readonly formId: string;
  readonly version: string;
}

/** One place in the PDF that names a form, and what it names. */
export interface IdentityClaim {
  readonly identity: FormIdentity;
  /** Where, as a reply to people says it: "the document's metadata". */
  readonly where: string;
  /** A person sees it: a field (checked as shown on its own), or text judged visible. */
  readonly shown: boolean;
}

/** The document information keys the generator writes. */
export const INFO_KEYS = { formId: "EPACT2FormId", version: "EPACT2FormVersion" } as const;
/** The XMP properties the generator writes (`.invalid`: a name nobody can own or resolve). */
export const XMP_NAMESPACE = "http://intake.invalid/ns/epact2-form/1.0/";
export const XMP_PREFIX = "epact2form";
export const XMP_PROPERTIES = { formId: "FormId", version: "FormVersion" } as const;

/** The form's identity as every page prints it, small, at the foot. */
export function printedIdentity(identity: FormIdentity): string {
  return `Form ${identity.formId} version ${identity.version}`;
}

/** "Form EPACT2-GP version 1", and the footer of earlier copies, "EPACT2-GP version 1, page 1 of 2". */
const PRINTED = /(?:^|\s)(EPACT2(?:-[A-Z]+)+) version ([0-9]+)(?=[\s,.;]|$)/gu;

function normalised(formId: string, version: string): FormIdentity {
  return { formId: formId.trim().toUpperCase(), version: version.trim() };
}

function textOf(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The document information's entries beyond the standard ones, as pdf.js hands them over. */
function customInfo(info: object | undefined): Readonly<Record<string, unknown>> {
  const custom: unknown = info && "Custom" in info ? info.Custom : null;
  return typeof custom === "object" && custom !== null ? (custom as Record<string, unknown>) : {};
}

/** What the document information and the XMP metadata say, each that says anything. */
export async function metadataClaims(doc: PDFDocumentProxy): Promise<IdentityClaim[]> {
  // Metadata a viewer mangled says nothing: the form is then known by its fields or its pages.
  const read = await doc.getMetadata().catch(() => null);
  const metadata = read?.metadata ?? null;
  const custom = customInfo(read?.info);
  const claims: IdentityClaim[] = [];
  const infoId = textOf(custom[INFO_KEYS.formId]);
  if (infoId?.trim()) {
    claims.push({ identity: normalised(infoId, textOf(custom[INFO_KEYS.version]) ?? ""), where: "the document's metadata", shown: false });
  }
  // pdf.js keeps XMP properties by their lower-cased qualified name.
  const xmp = (property: string) => textOf(metadata?.get(`${XMP_PREFIX}:${property}`.toLowerCase()));
  const xmpId = xmp(XMP_PROPERTIES.formId);
  if (xmpId?.trim()) {
    claims.push({ identity: normalised(xmpId, xmp(XMP_PROPERTIES.version) ?? ""), where: "the document's XMP metadata", shown: false });
  }
  return claims;
}

/** What a `form_id` (and `form_version`) value says: a field's, or a label's on a flattened copy. */
export function valueClaim(values: FieldValues, where: string, shown: boolean): IdentityClaim[] {
  const formId = textOf(values.get("form_id"));
  if (!formId?.trim()) return [];
  return [{ identity: normalised(formId, textOf(values.get("form_version")) ?? ""), where, shown }];
}

/** Every identity the lines of the pages print, in page order. */
export function printedClaims(pages: readonly PageText[], where: string, shown: boolean): IdentityClaim[] {
  return pages.flatMap((page) =>
    page.lines.flatMap((line) =>
      [...line.cells.map((cell) => cell.text).join(" ").matchAll(PRINTED)].map((match) => ({
        identity: normalised(match[1] ?? "", match[2] ?? ""),
        where,
        shown,
      })),
    ),
  );
}

function same(a: FormIdentity, b: FormIdentity): boolean {
  return a.formId === b.formId && a.version === b.version;
}

export type Identification =
  | { readonly kind: "none" }
  | {
      readonly kind: "identified";
      readonly identity: FormIdentity;
      readonly from: string;
      /** Each place that names another form or version than the one identified, by field. */
      readonly disagreements: readonly FieldError[];
    };

/** The first claim identifies the form; a claim a person sees must name it too, and none may name another. */
export function identify(claims: readonly IdentityClaim[]): Identification {
  const [first] = claims;
  if (!first) return { kind: "none" };
  const { identity, where } = first;
  const disagreements = new Map<"form_id" | "form_version", string>();
  for (const claim of claims.slice(1)) {
    const name = claim.identity.formId !== identity.formId ? "form_id" : claim.identity.version !== identity.version ? "form_version" : null;
    if (name === null || disagreements.has(name)) continue;
    const [held, other] = name === "form_id" ? [identity.formId, claim.identity.formId] : [identity.version, claim.identity.version];
    disagreements.set(name, `is ${quoted(held)} in ${where}, but ${quoted(other)} in ${claim.where}`);
  }
  if (disagreements.size === 0 && !claims.some((claim) => claim.shown && same(claim.identity, identity))) {
    disagreements.set("form_id", `is ${quoted(identity.formId)} (version ${quoted(identity.version)}) in ${where}, which its pages do not show`);
  }
  return {
    kind: "identified",
    identity,
    from: where,
    disagreements: [...disagreements].map(([field, problem]) => ({ field, label: FIELDS[field].label, problem })),
  };
}
