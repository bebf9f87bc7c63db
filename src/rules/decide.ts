// The decision about one message: a pure function of the facts. No I/O, no clock.
import type { RegistrationForm } from "../forms/registration-form.ts";
import type { Facts } from "./facts.ts";
import { AUTOMATIC_MAIL_CHECKS, CHECKS, type Check } from "./pipeline.ts";
import { reachable, type Reachable } from "./reachable.ts";
import { REASONS, type Finding, type Outcome } from "./reasons.ts";
import type { SenderProof } from "./sender-proof.ts";

export interface Decision {
  readonly outcome: Outcome;
  readonly findings: readonly Finding[];
  /** The valid form read from the message, whatever the outcome. */
  readonly form: RegistrationForm | null;
  /** Who may be written to about it (src/rules/reachable.ts). */
  readonly reachable: Reachable;
  /** What proved the sender, recorded with the decision; absent when the message was not judged. */
  readonly senderProof?: SenderProof | null;
}

// Referring to people outranks rejecting; a rejection outranks a duplicate notice.
const SEVERITY: readonly Outcome[] = ["flagged", "rejected", "duplicate", "ignored", "accepted"];

export function outcomeOf(findings: readonly Finding[]): Outcome {
  const outcomes = new Set<Outcome>(findings.map((f) => REASONS[f.code].outcome));
  return SEVERITY.find((outcome) => outcomes.has(outcome)) ?? "accepted";
}

function run(checks: readonly Check[], facts: Facts): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    const finding = check(facts, findings);
    if (finding) findings.push(finding);
  }
  return findings;
}

export function decide(facts: Facts): Decision {
  // Mail from machines is never judged as a form: the first sign of one is the whole answer.
  const automatic = run(AUTOMATIC_MAIL_CHECKS, facts).slice(0, 1);
  const findings = automatic.length > 0 ? automatic : run(CHECKS, facts);
  return {
    outcome: outcomeOf(findings),
    findings,
    form: automatic.length === 0 && facts.form.kind === "read" ? facts.form.form : null,
    reachable: reachable(facts),
    senderProof: facts.sender.verification?.method ?? (facts.review?.senderConfirmed ? "support-team" : null),
  };
}
