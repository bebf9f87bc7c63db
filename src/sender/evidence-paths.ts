// The evidence paths, in the order they are tried: each is a small check of one kind of
// evidence that says what it found and whether, under the operator's configuration, that
// proves the From address. The verdict is the first path that proves it; `intake senders
// explain` shows every path's finding from the very same run.
//   1. dkim                    a signature verified here, aligned with the From domain
//   2. authentication-results  the topmost Authentication-Results from a configured authserv-id
//   3. arc                     the newest ARC set, sealed by a configured sealer (Exchange Online: microsoft.com)
//   4. exchange-organisation   Exchange Online's stamp on mail sent inside the configured organisation

import { checkArc } from "./arc.ts";
import { checkAuthenticationResults } from "./authentication-results.ts";
import type { DkimFinding, SignatureCheck } from "./dkim.ts";
import type { DnsResolver } from "./dns-overrides.ts";
import { checkExchangeOrganisation, type ExchangeOrganisation } from "./exchange-organisation.ts";
import type { HeaderField } from "../message/header-block.ts";
import type { EvidenceFinding, SenderAddress } from "./sender-evidence.ts";

/** Which evidence counts: a plain object, the same for every message. */
export interface EvidenceSettings {
  /** Whether a DKIM signature aligned with the From domain proves the sender; absent: it does. */
  readonly trustDkim?: boolean;
  /** authserv-ids of receiving servers whose topmost Authentication-Results is believed. */
  readonly trustedAuthservIds: readonly string[];
  /** ARC sealer domains (lower case) whose newest set is believed; absent or empty: ARC is off. */
  readonly trustedArcSealers?: readonly string[];
  /** The Exchange Online organisation the mailbox is in, with its sender domains; absent or null: off. */
  readonly exchangeOrganisation?: ExchangeOrganisation | null;
}

/** The settings, the resolver, and whether to look at switched-off paths too (to explain; the verdict never changes). */
export interface SenderPolicy extends EvidenceSettings {
  readonly resolver: DnsResolver;
  /** Also say what an ARC or organisation path that is off would have found (`intake senders explain`). */
  readonly examineOffPaths?: boolean;
}

/** What every path may read about one message, read once. */
export interface MessageUnderExamination {
  readonly raw: Uint8Array;
  readonly from: SenderAddress;
  readonly fields: readonly HeaderField[];
  /** mailauth's one pass over the DKIM signatures and the ARC chain. */
  readonly signatures: SignatureCheck;
  readonly dkim: DkimFinding;
}

export type EvidencePath = (message: MessageUnderExamination, policy: SenderPolicy) => Promise<EvidenceFinding>;

export const EVIDENCE_PATHS: readonly EvidencePath[] = [dkimPath, authenticationResultsPath, arcPath, exchangeOrganisationPath];

function dkimPath({ dkim }: MessageUnderExamination, policy: SenderPolicy): Promise<EvidenceFinding> {
  const proves = dkim.signingDomain !== null;
  if (policy.trustDkim === false) {
    return finding("dkim", "off", dkim.detail, "INTAKE_TRUST_DKIM is no: no DKIM signature is believed, whatever it proves", null);
  }
  if (proves) {
    const why = `a signature by ${dkim.signingDomain}, checked here with the key it publishes, covers the From header and the body`;
    return finding("dkim", "proves", dkim.detail, why, { method: "dkim", signingDomain: dkim.signingDomain });
  }
  return finding("dkim", "does-not-prove", dkim.detail, "only a valid signature by the From domain (or its organisation's parent domain) that covers From and the whole body proves the sender", null);
}

function authenticationResultsPath({ raw, from }: MessageUnderExamination, policy: SenderPolicy): Promise<EvidenceFinding> {
  const results = checkAuthenticationResults(raw, from, policy.trustedAuthservIds);
  if (results.authservId !== null) {
    const why = `our receiving server ${results.authservId} (INTAKE_TRUSTED_AUTHSERV_IDS) checked DMARC for the From domain and wrote its verdict on top`;
    return finding("authentication-results", "proves", results.detail, why, { method: "authentication-results", authservId: results.authservId });
  }
  const why =
    policy.trustedAuthservIds.length === 0
      ? "no receiving server is trusted (INTAKE_TRUSTED_AUTHSERV_IDS is empty), so no Authentication-Results counts"
      : "only the topmost Authentication-Results counts, and only when a trusted authserv-id reports dmarc=pass for the From domain";
  return finding("authentication-results", "does-not-prove", results.detail, why, null);
}

async function arcPath({ signatures, from }: MessageUnderExamination, policy: SenderPolicy): Promise<EvidenceFinding> {
  const sealers = policy.trustedArcSealers ?? [];
  if (sealers.length === 0) {
    const off = "no ARC sealer is trusted (INTAKE_TRUSTED_ARC_SEALERS is empty)";
    // Checking a chain costs key lookups: done for a path that is off only to explain it.
    const found = policy.examineOffPaths === true ? (await checkArc(signatures, from, [], policy.resolver)).found : "arc: not checked";
    return finding("arc", "off", found, off, null);
  }
  const arc = await checkArc(signatures, from, sealers, policy.resolver);
  if (arc.sealer === null || arc.instance === null) {
    return finding("arc", "does-not-prove", arc.found, arc.why, null);
  }
  return finding("arc", "proves", arc.found, arc.why, { method: "arc", sealer: arc.sealer, instance: arc.instance });
}

function exchangeOrganisationPath({ fields, from }: MessageUnderExamination, policy: SenderPolicy): Promise<EvidenceFinding> {
  const organisation = policy.exchangeOrganisation ?? null;
  if (organisation === null) {
    const found = policy.examineOffPaths === true ? checkExchangeOrganisation(fields, from, null).found : "exchange-organisation: not checked";
    const off = "the mailbox is not declared to be in the senders' Exchange Online organisation (INTAKE_EXCHANGE_ORGANISATION is empty)";
    return finding("exchange-organisation", "off", found, off, null);
  }
  const stamp = checkExchangeOrganisation(fields, from, organisation);
  if (!stamp.proves) {
    return finding("exchange-organisation", "does-not-prove", stamp.found, stamp.why, null);
  }
  const verification = { method: "exchange-organisation", organisation: organisation.tenantId } as const;
  return finding("exchange-organisation", "proves", stamp.found, stamp.why, verification);
}

function finding(
  path: EvidenceFinding["path"],
  outcome: EvidenceFinding["outcome"],
  found: string,
  why: string,
  verification: EvidenceFinding["verification"],
): Promise<EvidenceFinding> {
  return Promise.resolve({ path, outcome, found, why, verification });
}
