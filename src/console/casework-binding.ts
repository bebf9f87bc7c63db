// Binds the console's casework port to the casework (src/casework).
import { InputError } from "../input-error.ts";
import { CaseAlreadyChanged, performCaseAction, previewCaseEmails } from "../casework/case-actions.ts";
import { caseAttachment, caseView, listCases } from "../casework/case-view.ts";
import type { CaseworkPort } from "./casework-port.ts";

export function caseworkOf(): CaseworkPort {
  return {
    listCases: (db, filter) => listCases(db, filter),
    caseView,
    caseAttachment,
    performCaseAction,
    previewCaseEmails,
    isInputError: (error) => error instanceof InputError,
    isAlreadyChanged: (error) => error instanceof CaseAlreadyChanged,
  };
}
