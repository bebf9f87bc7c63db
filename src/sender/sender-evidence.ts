// What is known about who sent a message: the single From address and the evidence,
// if any, that the address is genuine. Identity never comes from Reply-To, Sender or
// the display name.

import type { MailAddress } from "../message/addresses.ts";
import type { FromProblem } from "../message/from-header.ts";

export type { FromProblem };

/** The From address: lower-cased local part @ ASCII (punycode) lower-cased domain. */
export type SenderAddress = MailAddress;

/** The evidence paths, in the order they are tried (src/sender/evidence-paths.ts). */
export const EVIDENCE_PATH_NAMES = ["dkim", "authentication-results", "arc", "exchange-organisation"] as const;
export type EvidencePathName = (typeof EVIDENCE_PATH_NAMES)[number];

export type Verification =
  | { readonly method: "dkim"; readonly signingDomain: string }
  | { readonly method: "authentication-results"; readonly authservId: string }
  /** The newest ARC set, sealed by a trusted sealer whose ARC-Authentication-Results vouch for the From domain. */
  | { readonly method: "arc"; readonly sealer: string; readonly instance: number }
  /** Exchange Online's own stamp of mail sent inside the configured organisation (tenant id). */
  | { readonly method: "exchange-organisation"; readonly organisation: string };

export interface SenderEvidence {
  readonly from: SenderAddress | null;
  readonly fromProblem: FromProblem | null;
  /** null when nothing proves the From address. */
  readonly verification: Verification | null;
  /** Short, log-safe explanation of why the sender is or is not verified. */
  readonly detail: string;
}

/**
 * What one evidence path made of a message. `proves`: it proves the From address;
 * `does-not-prove`: tried, and it does not; `off`: not switched on by the configuration (when
 * explaining, what it would have found is still said, so a missing path can be told from a forgery).
 */
export interface EvidenceFinding {
  readonly path: EvidencePathName;
  readonly outcome: "proves" | "does-not-prove" | "off";
  /** What the path found, short and log-safe: results, domains and instance numbers only. */
  readonly found: string;
  /** Why that counts or not, in plain words. */
  readonly why: string;
  /** Set exactly when the outcome is `proves`. */
  readonly verification: Verification | null;
}

/** The evidence, with every path's finding: the verdict and its explanation come from one run. */
export interface SenderExamination {
  readonly evidence: SenderEvidence;
  /** In the order tried; empty when there is no single From address to prove. */
  readonly paths: readonly EvidenceFinding[];
}
