// What an agent asks an action to do, checked before anything is touched: the agent's
// address, the words they write (plain text, bounded, no control characters), the reasons
// they give, the day they snooze to. Pure; a problem is a CaseworkInputError naming it.
import { isAuthoriserRole, type AuthoriserRole } from "../directory/authoriser-roles.ts";
import { InputError } from "../input-error.ts";
import { normaliseAddress } from "../message/addresses.ts";
import { REASON_CODES, REASONS, type ReasonCode } from "../rules/reasons.ts";
import { CONTROL_BUT_LINE_BREAKS, INVISIBLE } from "../text-characters.ts";

/** Bad input, or an action the case's state does not allow: nothing was changed (exit code 2). */
export class CaseworkInputError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = "CaseworkInputError";
  }
}

/** The person acting: their NHSmail address (`--as`, or the console's sign-in). */
export interface Agent {
  readonly email: string;
}

export type CaseActionInput =
  | { readonly action: "claim" }
  | { readonly action: "snooze"; readonly until: string }
  | { readonly action: "accept"; readonly note?: string }
  | { readonly action: "reject"; readonly reasons: readonly ReasonCode[]; readonly text?: string }
  | { readonly action: "ask-correction"; readonly text: string }
  | { readonly action: "answer"; readonly text: string }
  | { readonly action: "add-authoriser"; readonly role?: AuthoriserRole }
  | { readonly action: "dismiss"; readonly note: string };

/** The longest text an agent may write into an email, and the longest note. */
export const MAX_AGENT_TEXT = 2_000;
export const MAX_NOTE = 1_000;

/** The reason codes an agent may reject with: those the rules themselves reject with. */
export const REJECTION_CODES: readonly ReasonCode[] = REASON_CODES.filter((code) => REASONS[code].outcome === "rejected");

export function checkedAgent(email: string): Agent {
  const address = normaliseAddress(email);
  if (!address) throw new CaseworkInputError(`"${email}" is not an email address: give the agent's own NHSmail address`);
  return { email: address.address };
}

/** Plain text an agent wrote: trimmed, at most `max` characters, no control or invisible characters. */
export function plainText(value: string | undefined, what: string, max: number): string | null {
  const text = value?.trim() ?? "";
  if (text === "") return null;
  if (text.length > max) throw new CaseworkInputError(`${what} is ${text.length} characters long; at most ${max} are allowed`);
  if (CONTROL_BUT_LINE_BREAKS.test(text) || INVISIBLE.test(text)) throw new CaseworkInputError(`${what} must be plain text, without control or invisible characters`);
  return text;
}

export function requiredText(value: string | undefined, what: string, max: number): string {
  const text = plainText(value, what, max);
  if (text === null) throw new CaseworkInputError(`${what} is required`);
  return text;
}

export function rejectionCodes(values: readonly string[]): ReasonCode[] {
  return values.map((value) => {
    const code = value.trim().toUpperCase();
    if (!(REJECTION_CODES as readonly string[]).includes(code)) {
      throw new CaseworkInputError(`"${value}" is not a reason a form is rejected for; one of: ${REJECTION_CODES.join(", ")}`);
    }
    return code as ReasonCode;
  });
}

/** A day after `today` (both yyyy-mm-dd, Europe/London). */
export function snoozeDay(value: string, today: string): string {
  const day = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw new CaseworkInputError(`"${value}" is not a day (yyyy-mm-dd)`);
  }
  if (day <= today) throw new CaseworkInputError(`a case is snoozed to a day after today (${today}), not ${day}`);
  return day;
}

export function authoriserRole(value: string | undefined): AuthoriserRole | undefined {
  if (value === undefined) return undefined;
  const role = value.trim().toLowerCase();
  if (!isAuthoriserRole(role)) throw new CaseworkInputError(`"${value}" is not an authoriser role`);
  return role;
}
