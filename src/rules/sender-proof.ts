// What proved a decision's sender: the vocabulary the records store and the decision writes.
import { EVIDENCE_PATH_NAMES } from "../sender/sender-evidence.ts";

/** An evidence path, or an agent who confirmed the sender another way (recorded with the note). */
export const SENDER_PROOFS = [...EVIDENCE_PATH_NAMES, "support-team"] as const;
export type SenderProof = (typeof SENDER_PROOFS)[number];
