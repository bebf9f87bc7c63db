// Why one message's sender was proven or not, for the support team: the From address as
// read, then each evidence path in order, what it found and why that counts or not. Made
// from the examination that gives the verdict (src/sender/authenticate-sender.ts), never
// recomputed, so the explanation cannot disagree with the decision. JSON for tools, words for
// people; printing (and escaping) is the caller's.

import type { EvidenceFinding, EvidencePathName, FromProblem, SenderExamination, Verification } from "./sender-evidence.ts";

export interface SenderExplanation {
  /** The From address as read, or null with the problem that stopped it being read. */
  readonly from: string | null;
  readonly fromProblem: FromProblem | null;
  readonly proven: boolean;
  /** The evidence path that proved the sender, as recorded with the decision. */
  readonly provenBy: EvidencePathName | null;
  readonly verification: Verification | null;
  /** The log-safe detail recorded with SENDER_UNVERIFIED. */
  readonly detail: string;
  readonly paths: readonly Pick<EvidenceFinding, "path" | "outcome" | "found" | "why">[];
}

export function explanationOf({ evidence, paths }: SenderExamination): SenderExplanation {
  return {
    from: evidence.from?.address ?? null,
    fromProblem: evidence.fromProblem,
    proven: evidence.verification !== null,
    provenBy: evidence.verification?.method ?? null,
    verification: evidence.verification,
    detail: evidence.detail,
    paths: paths.map(({ path, outcome, found, why }) => ({ path, outcome, found, why })),
  };
}

const OUTCOME_WORDS: Readonly<Record<EvidenceFinding["outcome"], string>> = {
  proves: "proves the sender",
  "does-not-prove": "does not prove the sender",
  off: "off",
};

const FROM_PROBLEM_WORDS: Readonly<Record<FromProblem, string>> = {
  missing: "the message has no From address",
  multiple: "the message has more than one From header or mailbox",
  malformed: "the From header is not one plain address, or the signature checker reads it differently",
};

/** The explanation in plain words, one path a paragraph. */
export function explainInWords(explanation: SenderExplanation): string {
  if (explanation.from === null) {
    const problem = FROM_PROBLEM_WORDS[explanation.fromProblem ?? "malformed"];
    return [
      `From:    none read: ${problem}`,
      "Verdict: not proven (SENDER_UNVERIFIED). No evidence path is tried without one From address to prove.",
      `Detail:  ${explanation.detail}`,
      "",
    ].join("\n");
  }
  const verdict = explanation.proven
    ? `proven by ${explanation.provenBy ?? "?"} (the first path below that proves it)`
    : "not proven (SENDER_UNVERIFIED): no evidence path below proves it";
  const lines = [`From:    ${explanation.from}`, `Verdict: ${verdict}`, ""];
  explanation.paths.forEach((finding, index) => {
    lines.push(`${index + 1}. ${finding.path}: ${OUTCOME_WORDS[finding.outcome]}`);
    lines.push(`   found: ${finding.found}`);
    lines.push(`   ${finding.outcome === "proves" ? "counts" : finding.outcome === "off" ? "off" : "does not count"}: ${finding.why}`);
  });
  if (!explanation.proven) {
    lines.push(
      "",
      "On a genuine form, a path that is off, or that refuses a sealer or authserv-id you trust but did not configure, is a",
      "configuration to put right (README: Proving senders on Microsoft 365 and NHSmail). A signature that fails, a chain",
      "that does not validate, a sealer's dmarc=fail, or an organisation stamp beside Exchange's inbound one is a forgery.",
    );
  }
  return `${lines.join("\n")}\n`;
}
