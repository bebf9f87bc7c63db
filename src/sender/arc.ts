// ARC evidence (RFC 8617): what a mail service the operator trusts (Exchange Online seals as
// microsoft.com) concluded about the From domain when it handled the message. mailauth
// validates the chain: every seal, and the newest ARC-Message-Signature over the message as
// it is now. Only the newest set is read: an older set's message signature is not checked,
// so whoever added a set after it could have changed the message. The newest set counts when
// its seal and its message signature are both by a trusted sealer, the signature covers From
// and the whole body, and its ARC-Authentication-Results say dmarc=pass for the From domain,
// or dkim=pass by a domain aligned with it, and no DMARC failure.

import { arc } from "mailauth/lib/arc/index.js";
import type { ARCData, ARCResult, DKIMResult } from "mailauth";
import { normaliseDomain } from "../message/addresses.ts";
import { parseAuthenticationResults, type MethodResult } from "./authentication-results-syntax.ts";
import { vouchesFor } from "./authentication-results.ts";
import { bindsWholeMessage, isAlignedSigningDomain, type SignatureCheck } from "./dkim.ts";
import type { DnsResolver } from "./dns-overrides.ts";
import type { SenderAddress } from "./sender-evidence.ts";

export interface ArcFinding {
  /** The trusted sealer of the newest set, when that set proves the From domain; else null. */
  readonly sealer: string | null;
  readonly instance: number | null;
  /** Short and log-safe, starting "arc": the chain, the newest set's sealer and results. */
  readonly found: string;
  /** Why that counts or not, in plain words. */
  readonly why: string;
}

// Results a sealer writes when it could not tell, or when the domain publishes no DMARC
// policy: they neither vouch for the From domain nor contradict a DKIM pass.
const DMARC_UNDECIDED: ReadonlySet<string> = new Set(["none", "bestguesspass"]);

export async function checkArc(
  check: SignatureCheck,
  from: SenderAddress,
  trustedSealers: readonly string[],
  resolver: DnsResolver,
): Promise<ArcFinding> {
  const fails = (found: string, why: string): ArcFinding => ({ sealer: null, instance: null, found: `arc: ${found}`, why });
  if (!check.ok) {
    return fails(`signature check failed (${check.errorName})`, "the ARC chain could not be checked, so it proves nothing");
  }
  const data = check.verified.arc;
  if (data === undefined || (data.chain === false && data.error === undefined)) {
    return fails("no ARC headers", "no mail service sealed an ARC set onto this message");
  }

  let result: ARCResult;
  try {
    result = await arc(data as ARCData, { resolver });
  } catch (error) {
    return fails(`chain check failed (${error instanceof Error ? error.name : "error"})`, "the ARC chain could not be checked, so it proves nothing");
  }
  if (result.status.result !== "pass") {
    const comment = logSafe(result.status.comment);
    return fails(
      `chain ${result.status.result}${comment === null ? "" : ` (${comment})`}`,
      "a chain that does not validate proves nothing, whoever claims to have sealed it",
    );
  }

  const newest = data.lastEntry;
  const instance = typeof newest?.i === "number" ? newest.i : null;
  const signature: DKIMResult | null = result.signature === undefined || result.signature === false ? null : result.signature;
  const sealDomain = normaliseDomain(String(newest?.["arc-seal"]?.parsed?.d?.value ?? ""));
  const signatureDomain = normaliseDomain(signature?.signingDomain ?? "");
  if (newest === undefined || instance === null || signature === null || sealDomain === null) {
    return fails("chain valid but its newest set could not be read", "only a newest set that can be read can speak for the message");
  }
  const newestSet = `newest set i=${instance} sealed by ${sealDomain}`;
  if (signatureDomain !== sealDomain) {
    return fails(
      `${newestSet}, its message signature by ${signatureDomain ?? "(invalid domain)"}`,
      "a set counts only when the same sealer made its seal and its message signature",
    );
  }
  if (!bindsWholeMessage(signature)) {
    return fails(`${newestSet}, its message signature leaves From or part of the body unsigned`, "the sealer's verdict would not be bound to this From and this body");
  }
  const aar = readArcAuthenticationResults(newest["arc-authentication-results"]?.original);
  if (aar === null) {
    return fails(`${newestSet}, its ARC-Authentication-Results cannot be read`, "a verdict that cannot be read completely is no verdict");
  }

  // What the sealer says is reported whoever it is (log-safe), and believed only from a trusted sealer.
  const verdict = judgeResults(aar.results, from);
  const found = `chain valid; ${newestSet}; its results (authserv-id ${aar.authservId}): ${verdict.said}`;
  if (!trustedSealers.includes(sealDomain)) {
    const trusted = trustedSealers.length === 0 ? "none is" : `only ${trustedSealers.join(", ")}`;
    return fails(
      found,
      `${sealDomain} is not a trusted ARC sealer (INTAKE_TRUSTED_ARC_SEALERS: ${trusted}); only the newest set speaks for the message as it arrived, and only when a trusted sealer made it`,
    );
  }
  if (!verdict.proves) {
    return fails(found, `${sealDomain} does not vouch for the From domain ${from.domain}: ${verdict.why}`);
  }
  return {
    sealer: sealDomain,
    instance,
    found: `arc: ${found}`,
    why: `${sealDomain}, a trusted sealer, checked the sender when it handled the message and sealed its verdict, and its message signature still verifies: From and the body are as it saw them`,
  };
}

interface ResultsVerdict {
  readonly proves: boolean;
  /** What the results say about the From domain, log-safe. */
  readonly said: string;
  readonly why: string;
}

function judgeResults(results: readonly MethodResult[], from: SenderAddress): ResultsVerdict {
  const dmarc = results.filter((result) => result.method === "dmarc");
  const elsewhere = dmarc.find((result) => {
    const domain = headerFromDomain(result);
    return domain !== null && domain !== from.domain;
  });
  if (elsewhere !== undefined) {
    return { proves: false, said: `dmarc for header.from=${headerFromDomain(elsewhere) ?? ""}`, why: "its DMARC result is about another domain" };
  }
  const failing = dmarc.find((result) => result.result !== "pass" && !DMARC_UNDECIDED.has(result.result));
  if (failing !== undefined) {
    return { proves: false, said: `dmarc=${keyword(failing.result)}`, why: "it found that DMARC failed" };
  }
  if (dmarc.some((result) => result.result === "pass" && vouchesFor(result, from))) {
    return { proves: true, said: `dmarc=pass header.from=${from.domain}`, why: "" };
  }
  const aligned = results.find((result) => {
    const signer = result.method === "dkim" && result.result === "pass" ? normaliseDomain(result.properties.get("header.d") ?? "") : null;
    return signer !== null && isAlignedSigningDomain(signer, from.domain);
  });
  if (aligned !== undefined) {
    return { proves: true, said: `dkim=pass header.d=${normaliseDomain(aligned.properties.get("header.d") ?? "") ?? ""}`, why: "" };
  }
  const said = dmarc.length === 0 ? "no dmarc result" : `dmarc=${dmarc.map((result) => keyword(result.result)).join(",")}`;
  return { proves: false, said, why: "it reports neither dmarc=pass for the From domain nor a DKIM pass aligned with it" };
}

/**
 * The authserv-id and results of an ARC-Authentication-Results field as mailauth kept it: the
 * whole field, "Name: i=N; id; results", as bytes (its type says string).
 */
function readArcAuthenticationResults(original: unknown): { authservId: string; results: readonly MethodResult[] } | null {
  const field = Buffer.isBuffer(original) ? original.toString("utf8") : typeof original === "string" ? original : null;
  if (field === null) {
    return null;
  }
  const value = field.slice(field.indexOf(":") + 1).replace(/\r?\n/g, "");
  const payload = /^\s*i\s*=\s*[0-9]{1,2}\s*;(.*)$/s.exec(value)?.[1];
  const parsed = payload === undefined ? null : parseAuthenticationResults(payload);
  if (parsed === null || parsed.authservId === null) {
    return null;
  }
  return { authservId: normaliseDomain(parsed.authservId) ?? "(authserv-id not a host name)", results: parsed.results };
}

function headerFromDomain(result: MethodResult): string | null {
  const value = result.properties.get("header.from");
  return value === undefined ? null : normaliseDomain(value.slice(value.lastIndexOf("@") + 1));
}

function keyword(value: string): string {
  return /^[a-z0-9_-]{1,30}$/.test(value) ? value : "(unreadable)";
}

// mailauth's chain comments are its own phrases with instance numbers, or "no key for
// SELECTOR._domainkey.DOMAIN"; anything outside plain characters is left out, not logged.
function logSafe(comment: string | undefined): string | null {
  return comment !== undefined && /^[A-Za-z0-9 .:_=-]{1,128}$/.test(comment) ? comment : null;
}
