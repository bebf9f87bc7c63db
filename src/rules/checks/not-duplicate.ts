import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/**
 * The same request was not already authorised. Only a form that would otherwise be
 * accepted is a duplicate: anyone else learns nothing about requests that exist.
 */
export function notDuplicate({ authorisedRequest }: Facts, earlier: readonly Finding[]): Finding | null {
  if (earlier.length > 0 || !authorisedRequest) return null;
  return { code: "DUPLICATE_REQUEST", detail: authorisedRequest.reference };
}
