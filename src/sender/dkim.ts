// DKIM evidence for the From domain: a signature that mailauth reports as `pass`, made by
// the From domain (or a parent of it that is an organisation, not a public suffix), covering
// the From header. Every other result (neutral, fail, policy, temperror, permerror, none)
// proves nothing. The one mailauth pass over a message (checkSignatures) is made here; the
// ARC evidence reads the same result.

import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import type { DKIMResult, DKIMVerifyResult } from "mailauth";
import { normaliseAddress, normaliseDomain } from "../message/addresses.ts";
import type { DnsResolver } from "./dns-overrides.ts";
import type { SenderAddress } from "./sender-evidence.ts";

export interface DkimFinding {
  /** The aligned signing domain of a passing signature, or null. */
  readonly signingDomain: string | null;
  /** Short and log-safe: results and domains only. */
  readonly detail: string;
  /** False when mailauth read the From as anything but our one address: the From is ambiguous. */
  readonly fromReadAlike: boolean;
}

// Suffixes under which unrelated organisations register names, so a signature by one of
// them says nothing about a subdomain. Single labels (net, uk) are refused separately.
const SHARED_SUFFIXES: ReadonlySet<string> = new Set([
  "ac.uk",
  "co.uk",
  "gov.uk",
  "ltd.uk",
  "me.uk",
  "mod.uk",
  "net.uk",
  "nhs.uk",
  "org.uk",
  "plc.uk",
  "police.uk",
  "sch.uk",
]);

const MAX_REPORTED_SIGNATURES = 3;

/**
 * The one pass of mailauth's verifier over a message: every DKIM-Signature, the newest
 * ARC-Message-Signature and the parsed ARC chain, with keys looked up through `resolver`.
 * Both the DKIM and the ARC evidence read this result, so nothing is verified twice.
 */
export type SignatureCheck =
  | { readonly ok: true; readonly verified: DKIMVerifyResult }
  | { readonly ok: false; readonly errorName: string };

export async function checkSignatures(raw: Uint8Array, resolver: DnsResolver): Promise<SignatureCheck> {
  try {
    // rsa-sha1 is broken enough to forge (RFC 8301), so it counts as `policy`, not `pass`.
    const verified = await dkimVerify(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), { resolver, rejectRsaSha1: true });
    return { ok: true, verified };
  } catch (error) {
    return { ok: false, errorName: error instanceof Error ? error.name : "error" };
  }
}

export async function verifyDkim(raw: Uint8Array, from: SenderAddress, resolver: DnsResolver): Promise<DkimFinding> {
  return dkimEvidence(await checkSignatures(raw, resolver), from);
}

/** The DKIM evidence for `from` in a signature check already made. */
export function dkimEvidence(check: SignatureCheck, from: SenderAddress): DkimFinding {
  if (!check.ok) {
    return { signingDomain: null, detail: `dkim check failed (${check.errorName})`, fromReadAlike: true };
  }
  const { verified } = check;
  const fromDomain = from.domain;

  // mailauth reads the header block itself; unless it read the very same mailbox (not only
  // the same domain), the signature it checked may vouch for a From we did not read.
  const theirFrom = verified.headerFrom.length === 1 ? normaliseAddress(verified.headerFrom[0] ?? "") : null;
  if (verified.fromFields !== 1 || theirFrom?.address !== from.address) {
    return { signingDomain: null, detail: "dkim not used: From header read differently by the verifier", fromReadAlike: false };
  }

  const signed = verified.results.filter((result) => result.signingDomain !== undefined);
  if (signed.length === 0) {
    return { signingDomain: null, detail: "dkim none: message not signed", fromReadAlike: true };
  }
  for (const result of signed) {
    const signingDomain = normaliseDomain(result.signingDomain ?? "");
    if (signingDomain !== null && provesFrom(result, signingDomain, fromDomain)) {
      return { signingDomain, detail: `dkim pass d=${signingDomain} aligned with From ${fromDomain}`, fromReadAlike: true };
    }
  }
  const described = signed.slice(0, MAX_REPORTED_SIGNATURES).map((result) => describe(result, fromDomain));
  const more = signed.length > MAX_REPORTED_SIGNATURES ? `; ${signed.length - MAX_REPORTED_SIGNATURES} more` : "";
  return { signingDomain: null, detail: `dkim: ${described.join("; ")}${more}`, fromReadAlike: true };
}

/** The signing domain is the From domain, or an organisation's domain above it. */
export function isAlignedSigningDomain(signingDomain: string, fromDomain: string): boolean {
  if (signingDomain === fromDomain) {
    return true;
  }
  return (
    fromDomain.endsWith(`.${signingDomain}`) && signingDomain.includes(".") && !SHARED_SUFFIXES.has(signingDomain)
  );
}

function provesFrom(result: DKIMResult, signingDomain: string, fromDomain: string): boolean {
  return result.status.result === "pass" && isAlignedSigningDomain(signingDomain, fromDomain) && bindsWholeMessage(result);
}

/**
 * A passing signature (DKIM, or an ARC-Message-Signature) binds the From and the whole
 * body: it covers From, its key is not in testing mode (t=y asks verifiers to treat the mail
 * as unsigned) and no l= left part of the body unsigned for anything to be appended.
 */
export function bindsWholeMessage(result: DKIMResult): boolean {
  return result.status.testing !== true && coversFrom(result) && (result.status.underSized ?? 0) === 0;
}

function coversFrom(result: DKIMResult): boolean {
  const keys = result.signingHeaders?.keys ?? "";
  return keys.split(":").some((key) => key.trim().toLowerCase() === "from");
}

function describe(result: DKIMResult, fromDomain: string): string {
  const signingDomain = normaliseDomain(result.signingDomain ?? "");
  const who = signingDomain === null ? "d=(invalid domain)" : `d=${signingDomain}`;
  const status = result.status.result;
  if (status !== "pass") {
    const comment = logSafeComment(result.status.comment);
    return `${who} ${status}${comment === null ? "" : ` (${comment})`}`;
  }
  if (signingDomain === null || !isAlignedSigningDomain(signingDomain, fromDomain)) {
    return `${who} pass but not aligned with From ${fromDomain}`;
  }
  if (!coversFrom(result)) {
    return `${who} pass but From not signed`;
  }
  if (result.status.testing === true) {
    return `${who} pass but key is in testing mode`;
  }
  return `${who} pass but body only partly signed`;
}

// mailauth's comments are fixed phrases ("body hash did not verify", "no key") or DNS error
// codes; anything else (a crypto library message) is left out rather than logged.
export function logSafeComment(comment: string | undefined): string | null {
  return comment !== undefined && /^[A-Za-z0-9 .:_-]{1,60}$/.test(comment) ? comment : null;
}
