// Binds the console's casework port to the casework (src/casework). Until the casework
// module lands, every case page answers that casework is not available.
import type { CaseworkPort } from "./casework-port.ts";

class CaseworkUnavailable extends Error {
  constructor() {
    super("the casework is not available in this build");
    this.name = "CaseworkUnavailable";
  }
}

const unavailable = (): Promise<never> => Promise.reject(new CaseworkUnavailable());

export function caseworkOf(): CaseworkPort {
  return {
    listCases: unavailable,
    caseView: unavailable,
    caseAttachment: unavailable,
    performCaseAction: unavailable,
    previewCaseEmails: unavailable,
    isInputError: () => false,
    isAlreadyChanged: () => false,
  };
}
