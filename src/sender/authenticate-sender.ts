// Who sent a message, and what proves it. This folder owns that question; it reads only
// the raw message and DNS (or the override file), and calls nothing else in the processor.
// The checks run in a fixed order:
//   1. from-header              exactly one From mailbox, read strictly, or nothing else is worth asking
//   2. dkim                     a passing signature aligned with the From domain, verified
//                               by a library that read the very same From address
//   3. authentication-results   our receiving server's dmarc=pass for the From domain
// Never throws: hostile or broken input gives an unverified answer whose detail says why.

import { checkAuthenticationResults } from "./authentication-results.ts";
import { verifyDkim } from "./dkim.ts";
import type { DnsResolver } from "./dns-overrides.ts";
import { readFromHeader, type FromHeader } from "./from-header.ts";
import type { FromProblem, SenderAddress, SenderEvidence } from "./sender-evidence.ts";

export interface SenderPolicy {
  /** authserv-ids of receiving servers whose topmost Authentication-Results is believed. */
  readonly trustedAuthservIds: readonly string[];
  readonly resolver: DnsResolver;
}

const FROM_PROBLEMS: Readonly<Record<FromProblem, string>> = {
  missing: "no From address",
  multiple: "more than one From header or mailbox",
  malformed: "From is not a single plausible mailbox",
};

export async function authenticateSender(raw: Uint8Array, policy: SenderPolicy): Promise<SenderEvidence> {
  let fromHeader: FromHeader;
  try {
    fromHeader = readFromHeader(raw);
  } catch (error) {
    // A defect in a check must not make a message vanish; it stays unverified, and says so.
    return { from: null, fromProblem: "malformed", verification: null, detail: `From could not be read (${nameOf(error)})` };
  }
  const { from, fromProblem } = fromHeader;
  if (from === null) {
    const problem = fromProblem ?? "malformed";
    return { from: null, fromProblem: problem, verification: null, detail: FROM_PROBLEMS[problem] };
  }
  try {
    return await evidenceFor(raw, from, policy);
  } catch (error) {
    return { from, fromProblem: null, verification: null, detail: `sender check failed (${nameOf(error)})` };
  }
}

async function evidenceFor(raw: Uint8Array, from: SenderAddress, policy: SenderPolicy): Promise<SenderEvidence> {
  const dkim = await verifyDkim(raw, from, policy.resolver);
  if (!dkim.fromReadAlike) {
    // Two readings of one From: no evidence, not even our receiving server's, can say whose it is.
    return { from: null, fromProblem: "malformed", verification: null, detail: `${FROM_PROBLEMS.malformed}: ${dkim.detail}` };
  }
  if (dkim.signingDomain !== null) {
    return {
      from,
      fromProblem: null,
      verification: { method: "dkim", signingDomain: dkim.signingDomain },
      detail: dkim.detail,
    };
  }

  const results = checkAuthenticationResults(raw, from, policy.trustedAuthservIds);
  if (results.authservId !== null) {
    return {
      from,
      fromProblem: null,
      verification: { method: "authentication-results", authservId: results.authservId },
      detail: results.detail,
    };
  }

  return { from, fromProblem: null, verification: null, detail: `unverified: ${dkim.detail}; ${results.detail}` };
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : "error";
}
