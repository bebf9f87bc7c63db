// Who sent a message, and what proves it. This folder owns that question; it reads only
// the raw message and DNS (or the override file), and calls nothing else in the processor.
//   1. from-header      exactly one From mailbox, read strictly, and read alike by the
//                       signature verifier, or nothing else is worth asking
//   2. evidence paths   dkim, authentication-results, arc, exchange-organisation, in that
//                       order (src/sender/evidence-paths.ts); the first that proves the From wins
// Every configured path is tried, so the verdict and its explanation (`intake senders
// explain`) come from one run. A function of the raw bytes, a plain policy and a resolver.
// Never throws: hostile or broken input gives an unverified answer whose detail says why.

import { checkSignatures, dkimEvidence } from "./dkim.ts";
import { EVIDENCE_PATHS, type MessageUnderExamination, type SenderPolicy } from "./evidence-paths.ts";
import { readFromHeader, type FromHeader } from "../message/from-header.ts";
import { readHeaderBlock } from "../message/header-block.ts";
import type { EvidenceFinding, FromProblem, SenderAddress, SenderEvidence, SenderExamination } from "./sender-evidence.ts";

export type { EvidenceSettings, SenderPolicy } from "./evidence-paths.ts";

const FROM_PROBLEMS: Readonly<Record<FromProblem, string>> = {
  missing: "no From address",
  multiple: "more than one From header or mailbox",
  malformed: "From is not a single plausible mailbox",
};

export async function authenticateSender(raw: Uint8Array, policy: SenderPolicy): Promise<SenderEvidence> {
  return (await examineSender(raw, policy)).evidence;
}

/** The evidence, and what each evidence path found on the way to it. */
export async function examineSender(raw: Uint8Array, policy: SenderPolicy): Promise<SenderExamination> {
  let fromHeader: FromHeader;
  try {
    fromHeader = readFromHeader(raw);
  } catch (error) {
    // A defect in a check must not make a message vanish; it stays unverified, and says so.
    return unexamined({ from: null, fromProblem: "malformed", verification: null, detail: `From could not be read (${nameOf(error)})` });
  }
  const { from, fromProblem } = fromHeader;
  if (from === null) {
    const problem = fromProblem ?? "malformed";
    return unexamined({ from: null, fromProblem: problem, verification: null, detail: FROM_PROBLEMS[problem] });
  }
  try {
    return await examineFrom(raw, from, policy);
  } catch (error) {
    return unexamined({ from, fromProblem: null, verification: null, detail: `sender check failed (${nameOf(error)})` });
  }
}

async function examineFrom(raw: Uint8Array, from: SenderAddress, policy: SenderPolicy): Promise<SenderExamination> {
  const signatures = await checkSignatures(raw, policy.resolver);
  const dkim = dkimEvidence(signatures, from);
  if (!dkim.fromReadAlike) {
    // Two readings of one From: no evidence, not even our receiving server's, can say whose it is.
    return unexamined({ from: null, fromProblem: "malformed", verification: null, detail: `${FROM_PROBLEMS.malformed}: ${dkim.detail}` });
  }
  const block = readHeaderBlock(raw);
  const message: MessageUnderExamination = { raw, from, fields: block.ok ? block.fields : [], signatures, dkim };

  const paths: EvidenceFinding[] = [];
  for (const path of EVIDENCE_PATHS) {
    paths.push(await path(message, policy));
  }
  const proof = paths.find((finding) => finding.outcome === "proves");
  if (proof !== undefined) {
    return { evidence: { from, fromProblem: null, verification: proof.verification, detail: proof.found }, paths };
  }
  const tried = paths.filter((finding) => finding.outcome !== "off").map((finding) => finding.found);
  return { evidence: { from, fromProblem: null, verification: null, detail: `unverified: ${tried.join("; ")}` }, paths };
}

function unexamined(evidence: SenderEvidence): SenderExamination {
  return { evidence, paths: [] };
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : "error";
}
