// The words the console shows for the intake's codes: reason codes as their sentences,
// request statuses, outcomes and email kinds as tags and phrases. Pure.
import { REASONS, type ReasonCode } from "../rules/reasons.ts";

export function isReasonCode(value: string): value is ReasonCode {
  return Object.hasOwn(REASONS, value);
}

/** The reason's sentence; an unknown code (an older database) as itself. */
export function reasonSentence(code: string): string {
  return isReasonCode(code) ? REASONS[code].sentence : code;
}

/** A short name for a reason code: "Sender unverified" for SENDER_UNVERIFIED. */
export function reasonName(code: string): string {
  const words = code.toLowerCase().split("_").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type TagColour = "green" | "red" | "orange" | "yellow" | "blue" | "grey" | "white" | "purple";

const STATUS_TAGS: Readonly<Record<string, TagColour>> = {
  authorised: "green",
  rejected: "red",
  referred: "orange",
  accepted: "green",
  flagged: "orange",
  ignored: "grey",
  duplicate: "blue",
  open: "orange",
  claimed: "blue",
  snoozed: "grey",
  waiting: "yellow",
  resolved: "green",
  pending: "yellow",
  sending: "yellow",
  sent: "green",
  failed: "red",
  suppressed: "grey",
};

/** The design system's tag for a status, outcome or case state. */
export function tagOf(status: string): { text: string; classes: string } {
  const colour = STATUS_TAGS[status] ?? "white";
  return { text: status.charAt(0).toUpperCase() + status.slice(1), classes: `nhsuk-tag--${colour}` };
}

/** "authoriser-confirmation" → "Authoriser confirmation". */
export function kindName(kind: string): string {
  const words = kind.split("-").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
