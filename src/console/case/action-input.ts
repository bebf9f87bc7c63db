// A posted case action read into the casework's input, or the problems with it, each linked
// to its field. Pure: what the form sent is checked here before the casework is asked.
import { AUTHORISER_ROLES, isAuthoriserRole } from "../../directory/authoriser-roles.ts";
import { parseDay } from "../../calendar-days.ts";
import { CASE_ACTIONS, type CaseAction } from "../../requests/case-state.ts";
import { MAX_AGENT_TEXT, MAX_NOTE, REJECTION_CODES } from "../../casework/action-input.ts";
import type { ReasonCode } from "../../rules/reasons.ts";
import type { CaseActionInput } from "../casework-port.ts";
import { listField, textField } from "../form-fields.ts";
import type { FormError } from "../page.ts";
import { isReasonCode } from "../words.ts";

/** The reason codes a person may give when rejecting (the casework's own list). */
export const REJECTION_REASONS: readonly ReasonCode[] = REJECTION_CODES;

/** Actions that send email: the agent sees the emails before they go. */
export const EMAILING_ACTIONS: readonly CaseAction[] = ["accept", "reject", "ask-correction", "answer", "add-authoriser"];


export function isCaseAction(value: string): value is CaseAction {
  return (CASE_ACTIONS as readonly string[]).includes(value);
}

/** What the form sent, kept to show the form again as it was filled in. */
export interface ActionValues {
  readonly note: string;
  readonly text: string;
  readonly reasons: readonly string[];
  readonly role: string;
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

export function actionValues(body: unknown): ActionValues {
  return {
    note: textField(body, "note", MAX_NOTE + 1),
    text: textField(body, "text", MAX_AGENT_TEXT + 1),
    reasons: listField(body, "reasons"),
    role: textField(body, "role", 100),
    day: textField(body, "until-day", 10),
    month: textField(body, "until-month", 10),
    year: textField(body, "until-year", 10),
  };
}

type Reading = { readonly ok: true; readonly input: CaseActionInput } | { readonly ok: false; readonly errors: readonly FormError[] };

const tooLong = (value: string, href: string, max: number): FormError[] => (value.trim().length > max ? [{ text: `Write at most ${max} characters`, href }] : []);

function required(value: string, href: string, missing: string, max: number): FormError[] {
  if (value.trim() === "") return [{ text: missing, href }];
  return tooLong(value, href, max);
}

/** The day a case is snoozed until: a real day after `today` (yyyy-mm-dd, London). */
function snoozeDay(values: ActionValues, today: string): { day: string } | { error: FormError } {
  const href = "#until-day";
  if ([values.day, values.month, values.year].every((part) => part.trim() === "")) return { error: { text: "Enter the day to snooze the case until", href } };
  const day = parseDay(`${values.day.trim()}/${values.month.trim()}/${values.year.trim()}`, { minYear: 2000, maxYear: 2100 });
  if (!day) return { error: { text: "The day to snooze until must be a real date", href } };
  if (day <= today) return { error: { text: "The day to snooze until must be in the future", href } };
  return { day };
}

export function readAction(action: CaseAction, values: ActionValues, today: string): Reading {
  const fail = (errors: FormError[]): Reading => ({ ok: false, errors });
  const ok = (input: CaseActionInput): Reading => ({ ok: true, input });
  switch (action) {
    case "claim":
      return ok({ action });
    case "snooze": {
      const until = snoozeDay(values, today);
      return "error" in until ? fail([until.error]) : ok({ action, until: until.day });
    }
    case "accept": {
      const errors = tooLong(values.note, "#accept-note", MAX_NOTE);
      return errors.length ? fail(errors) : ok({ action, ...(values.note.trim() ? { note: values.note.trim() } : {}) });
    }
    case "reject": {
      const unknown = values.reasons.filter((code) => !isReasonCode(code) || !REJECTION_REASONS.includes(code));
      const reasons = values.reasons.filter((code): code is ReasonCode => isReasonCode(code) && REJECTION_REASONS.includes(code));
      const errors = [
        ...(reasons.length === 0 || unknown.length > 0 ? [{ text: "Select at least one reason for the rejection", href: "#reject-reasons" }] : []),
        ...tooLong(values.text, "#reject-text", MAX_AGENT_TEXT),
      ];
      return errors.length ? fail(errors) : ok({ action, reasons: [...new Set(reasons)], ...(values.text.trim() ? { text: values.text.trim() } : {}) });
    }
    case "ask-correction": {
      const errors = required(values.text, "#ask-correction-text", "Say what needs correcting", MAX_AGENT_TEXT);
      return errors.length ? fail(errors) : ok({ action, text: values.text.trim() });
    }
    case "answer": {
      const errors = required(values.text, "#answer-text", "Write the answer", MAX_AGENT_TEXT);
      return errors.length ? fail(errors) : ok({ action, text: values.text.trim() });
    }
    case "add-authoriser": {
      if (values.role === "") return ok({ action });
      return isAuthoriserRole(values.role) ? ok({ action, role: values.role }) : fail([{ text: `Choose one of ${AUTHORISER_ROLES.length} roles`, href: "#add-authoriser-role" }]);
    }
    case "dismiss": {
      const errors = required(values.note, "#dismiss-note", "Say why the case needs nothing more", MAX_NOTE);
      return errors.length ? fail(errors) : ok({ action, note: values.note.trim() });
    }
  }
}
