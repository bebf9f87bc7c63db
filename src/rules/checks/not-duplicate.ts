import type { Facts } from "../facts.ts";
import type { Finding } from "../reasons.ts";

/**
 * The sender's own request for the same access is not already accepted. Only a form that
 * would otherwise go through is a duplicate, and only of a request the sender authorised or
 * applied for: anyone else learns nothing about requests that exist.
 */
export function notDuplicate({ ownAcceptedRequest }: Facts, earlier: readonly Finding[]): Finding | null {
  if (earlier.length > 0 || !ownAcceptedRequest) return null;
  return { code: "DUPLICATE_REQUEST", detail: ownAcceptedRequest.reference };
}
