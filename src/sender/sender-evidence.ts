// What is known about who sent a message: the single From address and the evidence,
// if any, that the address is genuine. Identity never comes from Reply-To, Sender or
// the display name.

export type FromProblem = "missing" | "multiple" | "malformed";

export interface SenderAddress {
  /** Lower-cased local part @ ASCII (punycode) lower-cased domain. */
  readonly address: string;
  readonly domain: string;
}

export type Verification =
  | { readonly method: "dkim"; readonly signingDomain: string }
  | { readonly method: "authentication-results"; readonly authservId: string };

export interface SenderEvidence {
  readonly from: SenderAddress | null;
  readonly fromProblem: FromProblem | null;
  /** null when nothing proves the From address. */
  readonly verification: Verification | null;
  /** Short, log-safe explanation of why the sender is or is not verified. */
  readonly detail: string;
}
