import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/**
 * The same request is not already open or authorised. Only a form that would otherwise
 * go through is a duplicate: anyone else learns nothing about requests that exist.
 */
export function notDuplicate({ openRequest }: Facts, earlier: readonly Finding[]): Finding | null {
  if (earlier.length > 0 || !openRequest) return null;
  return { code: "DUPLICATE_REQUEST", detail: openRequest.reference };
}
