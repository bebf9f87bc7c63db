// The process a message is examined in (examiner.ts): one message at a time. It answers
// "ready" once its libraries are loaded, then, for each message, a report as each stage ends
// and "done" (or "failed" for a fault of its own; anything the mail holds ends as a finding).
// A process of its own, not a worker thread: V8 ends the whole process when one huge
// allocation runs out of heap, and then it is this process that ends, never the intake.
import { resolverFor, systemResolver, type DnsAnswers } from "../sender/dns-overrides.ts";
import type { StageReport } from "./examination.ts";
import { examineMessage, type DisplayOptions, type ExaminationSettings } from "./examine-message.ts";

export interface ExaminerProcessData {
  readonly settings: ExaminationSettings;
  /** DNS answers that replace DNS (tests, pinned keys), as entries of DnsOverrides; null: real DNS. */
  readonly dnsOverrides: readonly (readonly [string, DnsAnswers])[] | null;
}

/** What the intake sends: first the set-up, then one message at a time. */
export type ExaminerRequest =
  | { readonly kind: "start"; readonly data: ExaminerProcessData }
  | { readonly kind: "examine"; readonly raw: Uint8Array; readonly display: DisplayOptions };

export type ExaminerReply =
  | { readonly kind: "ready" }
  | { readonly kind: "stage"; readonly report: StageReport }
  | { readonly kind: "done" }
  | { readonly kind: "failed"; readonly error: string };

function send(reply: ExaminerReply): void {
  process.send?.(reply);
}

let examine: ((raw: Buffer, display: DisplayOptions) => Promise<void>) | null = null;

process.on("message", (request: ExaminerRequest) => {
  if (request.kind === "start") {
    const { settings, dnsOverrides } = request.data;
    const resolver = dnsOverrides ? resolverFor(new Map(dnsOverrides)) : systemResolver;
    examine = (raw, display) => examineMessage(raw, settings, resolver, (report) => send({ kind: "stage", report }), display).then(() => undefined);
    send({ kind: "ready" });
    return;
  }
  if (!examine) return send({ kind: "failed", error: "a message came before the set-up" });
  const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
  examine(raw, request.display).then(
    () => send({ kind: "done" }),
    (error: unknown) => send({ kind: "failed", error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});

// The intake going away ends this process too.
process.on("disconnect", () => process.exit(0));
if (!process.send) throw new Error("examiner-process.ts runs only as a child of the intake (see examiner.ts)");
