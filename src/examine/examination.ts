// What the untrusted bytes of one message say: worked out in the examiner's worker thread
// under one time and memory budget, and handed to the intake as plain data. Everything that
// reads the mail itself (its header, signatures, MIME structure and attachments) is here;
// what the records know is added by the intake afterwards.
import type { AttachedForm } from "../forms/attached-form.ts";
import type { AutomaticSignals } from "../message/automatic-mail.ts";
import type { Finding } from "../rules/reasons.ts";
import type { EvidenceFinding, SenderEvidence } from "../sender/sender-evidence.ts";

/** The email as a person reads it, for the support team's case view (asked for, never in a pass). */
export interface MessageDisplay {
  /** The top-level header fields as written (unfolded), in order; at most 300. */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /** The plain-text body (or the HTML body's text), at most 100 KB; null when there is none. */
  readonly text: string | null;
  /** Every attachment: its name, type and size (only possible forms are held; none are shown). */
  readonly attachments: readonly { readonly filename: string | null; readonly contentType: string; readonly sizeBytes: number }[];
  /** The one attachment asked for (examine(raw, { display: true, attachment: n })), with its bytes; absent when there is no such attachment. */
  readonly attachment?: AttachmentContent;
}

/** One attachment's bytes, for a person to download: read in the examiner, under the message's budget. */
export interface AttachmentContent {
  readonly index: number;
  readonly filename: string | null;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** The MIME structure, read; or why it could not be. */
export type MessageStructure =
  | { readonly kind: "parsed"; readonly subject: string | null; readonly references: readonly string[] }
  | { readonly kind: "unreadable"; readonly problem: string };

export type Examination =
  /** Over a limit (header size or fields, signatures, time, memory), or the examination failed: referred unjudged. */
  | { readonly kind: "stopped"; readonly finding: Finding; readonly fromAddress: string | null }
  | {
      readonly kind: "examined";
      /** The From address as read (strictly), whether or not anything proves it. */
      readonly fromAddress: string | null;
      readonly automatic: AutomaticSignals;
      /** The message carries this installation's signed marker, or its X-Loop: our own mail back. */
      readonly ownMessage: boolean;
      /** Our signed Message-IDs in In-Reply-To and References. */
      readonly ourReferencedIds: readonly string[];
      /** For a delivery report: our Message-IDs it names or quotes, the referenced ones first. */
      readonly ourQuotedIds: readonly string[];
      readonly sender: SenderEvidence;
      /** What each evidence path found (src/sender/evidence-paths.ts), in the order tried. */
      readonly senderPaths: readonly EvidenceFinding[];
      readonly structure: MessageStructure;
      readonly form: AttachedForm;
      /** Present when the examination was asked for it (examine(raw, { display: true })). */
      readonly display?: MessageDisplay;
    };

/** What the worker reports as each stage ends, in this order; the intake keeps what arrived. */
export type StageReport =
  | { readonly stage: "heading"; readonly fromAddress: string | null; readonly limit: Finding | null }
  | {
      readonly stage: "signals";
      readonly automatic: AutomaticSignals;
      readonly ownMessage: boolean;
      readonly ourReferencedIds: readonly string[];
      readonly ourQuotedIds: readonly string[];
    }
  | { readonly stage: "sender"; readonly sender: SenderEvidence; readonly senderPaths: readonly EvidenceFinding[] }
  | { readonly stage: "structure"; readonly structure: MessageStructure }
  | { readonly stage: "form"; readonly form: AttachedForm }
  | { readonly stage: "display"; readonly display: MessageDisplay };

export type Stage = StageReport["stage"];

export const STAGES: readonly Stage[] = ["heading", "signals", "sender", "structure", "form", "display"];
