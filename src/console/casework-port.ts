// What the console asks of the casework (src/casework, the lead's): the queue, one case, its
// actions and their emails. The pages depend on this port only, so the casework can change
// behind it; `caseworkOf()` binds it to the real module.
import type { Services } from "../intake/intake-context.ts";
import type { Database } from "../records/database.ts";
import type { CaseState, Resolution } from "../casework/case-state.ts";
import type { Agent, CaseActionInput } from "../casework/action-input.ts";
import type { ComposedReply, ReplyKind } from "../replies/reply.ts";
import type { ReasonCode } from "../rules/reasons.ts";
import type { SenderExplanation } from "../sender/explain-sender.ts";

export type { Agent, CaseActionInput };

export interface ActionResult {
  readonly caseId: number;
  readonly state: CaseState;
  readonly resolution: Resolution | null;
  readonly emails: readonly { readonly kind: ReplyKind; readonly recipient: string }[];
  readonly notice: string | null;
}

export interface CaseSummary {
  readonly id: number;
  readonly state: CaseState;
  readonly reasons: readonly ReasonCode[];
  readonly openedAt: Date;
  readonly claimedBy: string | null;
  readonly snoozedUntil: string | null;
  readonly requestReference: string | null;
  readonly fromAddress: string | null;
  readonly subject: string | null;
}

export interface CaseFilter {
  readonly state?: CaseState;
  readonly reason?: ReasonCode;
  readonly agent?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface CaseReason {
  readonly code: ReasonCode;
  readonly sentence: string;
  readonly detail: string | null;
}

export interface CaseAttachmentSummary {
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
}

export interface CaseEmail {
  readonly header: readonly { readonly name: string; readonly value: string }[];
  readonly text: string;
  readonly attachments: readonly CaseAttachmentSummary[];
}

export interface CaseRequest {
  readonly reference: string;
  readonly status: string;
  readonly applicant: string;
  readonly authoriser: string | null;
  readonly organisations: string;
}

export interface CaseHistoryEvent {
  readonly at: Date;
  readonly actor: string;
  readonly event: string;
  readonly note: string | null;
}

export interface CaseView {
  readonly summary: CaseSummary;
  readonly reasons: readonly CaseReason[];
  /** The form's fields as read (label, value), or why there is none. */
  readonly form: { readonly fields: readonly { readonly label: string; readonly value: string }[] } | { readonly missing: string };
  readonly sender: SenderExplanation | null;
  readonly email: CaseEmail | null;
  readonly request: CaseRequest | null;
  readonly history: readonly CaseHistoryEvent[];
  readonly resolution: Resolution | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
}

export interface CaseAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export interface CaseworkPort {
  listCases(db: Database, filter: CaseFilter): Promise<{ cases: CaseSummary[]; total: number }>;
  caseView(services: Services, caseId: number): Promise<CaseView | null>;
  caseAttachment(services: Services, caseId: number, index: number): Promise<CaseAttachment | null>;
  performCaseAction(services: Services, caseId: number, agent: Agent, input: CaseActionInput): Promise<ActionResult>;
  previewCaseEmails(services: Services, caseId: number, agent: Agent, input: CaseActionInput): Promise<readonly ComposedReply[]>;
  /** The action was refused: bad input, or not possible in the case's state (shown as a form error). */
  isInputError(error: unknown): boolean;
  /** Another agent acted first (shown with who and when). */
  isAlreadyChanged(error: unknown): boolean;
}
