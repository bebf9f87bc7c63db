// Evidence from the receiving server's DMARC check (RFC 8601 Authentication-Results). Only
// the topmost field is read: it is the one our own receiving server added last. Any field
// below it may have been written by the sender, so none is ever consulted, even when the
// topmost one says nothing useful. The topmost field counts only when its authserv-id is one
// the operator configured, and only a server that always adds its own field (and strips
// forged ones with its id, RFC 8601 section 5) should be configured.
//
// Microsoft 365 writes this field without an authserv-id ("spf=pass ...; dmarc=pass ...").
// With no id there is nothing to match against the configured list, so such a field is
// never trusted: anyone can write one that looks the same.

import { normaliseAddress, normaliseDomain } from "../message/addresses.ts";
import { parseAuthenticationResults, type MethodResult } from "./authentication-results-syntax.ts";
import type { SenderAddress } from "./sender-evidence.ts";
import { fieldsNamed, readHeaderBlock } from "../message/header-block.ts";

export interface AuthenticationResultsFinding {
  /** The configured authserv-id whose dmarc=pass proves the From domain, or null. */
  readonly authservId: string | null;
  /** Short and log-safe: results, domains and the configured authserv-id only. */
  readonly detail: string;
}

export function checkAuthenticationResults(
  raw: Uint8Array,
  from: SenderAddress,
  trustedAuthservIds: readonly string[],
): AuthenticationResultsFinding {
  const fromDomain = from.domain;
  const unverified = (detail: string): AuthenticationResultsFinding => ({
    authservId: null,
    detail: `authentication-results: ${detail}`,
  });
  const block = readHeaderBlock(raw);
  if (!block.ok) {
    return unverified(block.problem);
  }
  const [topmost] = fieldsNamed(block.fields, "authentication-results");
  if (topmost === undefined) {
    return unverified("none present");
  }
  const parsed = topmost.irregular ? null : parseAuthenticationResults(topmost.value);
  if (parsed === null) {
    return unverified("topmost could not be parsed");
  }
  if (parsed.authservId === null) {
    return unverified("topmost has no authserv-id, not trusted");
  }
  const claimedId = parsed.authservId.toLowerCase();
  const authservId = trustedAuthservIds.find((id) => id.trim().toLowerCase() === claimedId);
  if (authservId === undefined) {
    const shown = normaliseDomain(claimedId) ?? "(not a host name)";
    return unverified(`topmost is from ${shown}, not a trusted authserv-id`);
  }

  const dmarc = parsed.results.filter((result) => result.method === "dmarc");
  const notPass = dmarc.find((result) => result.result !== "pass");
  if (dmarc.length === 0) {
    return unverified(`${authservId} reports no dmarc result`);
  }
  if (notPass !== undefined) {
    return unverified(`${authservId} reports dmarc=${logSafeKeyword(notPass.result)}`);
  }
  if (!dmarc.some((result) => vouchesFor(result, from))) {
    const domains = dmarc.map((result) => headerFromDomain(result) ?? "(none)");
    if (domains.every((domain) => domain === fromDomain)) {
      return unverified(`${authservId} reports dmarc=pass for another address at ${fromDomain}`);
    }
    return unverified(`${authservId} reports dmarc=pass for header.from=${domains.join(",")}, not From ${fromDomain}`);
  }
  return {
    authservId,
    detail: `authentication-results: ${authservId} reports dmarc=pass header.from=${fromDomain}`,
  };
}

// header.from is the From domain (RFC 7489); a server that writes the whole address vouches
// for that address, read by the same rules as ours, and for no other mailbox at the domain.
export function vouchesFor(result: MethodResult, from: SenderAddress): boolean {
  const value = result.properties.get("header.from");
  if (value === undefined) {
    return false;
  }
  return value.includes("@") ? normaliseAddress(value)?.address === from.address : normaliseDomain(value) === from.domain;
}

function headerFromDomain(result: MethodResult): string | null {
  const value = result.properties.get("header.from");
  if (value === undefined) {
    return null;
  }
  // Some servers write the whole address; the domain is what follows the last "@".
  return normaliseDomain(value.slice(value.lastIndexOf("@") + 1));
}

function logSafeKeyword(keyword: string): string {
  return /^[a-z0-9_-]{1,30}$/.test(keyword) ? keyword : "(unreadable)";
}
