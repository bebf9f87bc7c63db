// What the console asks of the casework (src/casework): the queue, one case, its actions and
// their emails. The pages depend on this port only; `caseworkOf()` binds it to the casework
// itself, and the types are the casework's own.
import type { Services } from "../intake/intake-context.ts";
import type { Database } from "../records/database.ts";
import type { Agent, CaseActionInput } from "../casework/action-input.ts";
import type { ActionResult } from "../casework/case-actions.ts";
import type { CaseAttachment, CaseFilter, CaseSummary, CaseView } from "../casework/case-view.ts";
import type { ComposedReply } from "../replies/reply.ts";

export type { Agent, CaseActionInput, ActionResult, CaseAttachment, CaseFilter, CaseSummary, CaseView };
export type { CaseAttachmentSummary, CaseEmail, CaseHistoryEvent, CaseReason, CaseRequest } from "../casework/case-view.ts";

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
