// A case: what the support team must resolve about a referred message and the follow-ups that
// join it. Pure: the states a case can be in, which action each state allows, and the refusal
// an agent sees when it does not. The actions themselves are in src/casework.

export const CASE_STATES = ["open", "claimed", "snoozed", "waiting", "resolved"] as const;
/**
 * open: nobody has it yet; claimed: an agent is on it; snoozed: put aside until a day;
 * waiting: a corrected form was asked for, and its arrival reopens the case; resolved: done,
 * with one resolution.
 */
export type CaseState = (typeof CASE_STATES)[number];

export const RESOLUTIONS = ["accepted", "rejected", "answered", "dismissed", "judged-again"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const CASE_ACTIONS = ["claim", "snooze", "accept", "reject", "ask-correction", "answer", "add-authoriser", "dismiss"] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** A case number as people write it (1 to 9 digits), or null. */
export function caseNumberOf(text: string): number | null {
  const trimmed = text.trim();
  return /^[1-9]\d{0,8}$/.test(trimmed) ? Number(trimmed) : null;
}

export function isCaseState(value: string): value is CaseState {
  return (CASE_STATES as readonly string[]).includes(value);
}

export function isResolution(value: string): value is Resolution {
  return (RESOLUTIONS as readonly string[]).includes(value);
}

/** A case as far as deciding what may be done with it goes. */
export interface CaseStanding {
  readonly id: number;
  readonly state: CaseState;
  readonly claimedBy: string | null;
  readonly resolution: Resolution | null;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
}

/** The states each action may start from; resolved allows none. */
const ALLOWED: Readonly<Record<CaseAction, readonly CaseState[]>> = {
  claim: ["open", "claimed", "snoozed", "waiting"],
  snooze: ["open", "claimed"],
  accept: ["open", "claimed", "snoozed", "waiting"],
  reject: ["open", "claimed", "snoozed", "waiting"],
  "ask-correction": ["open", "claimed", "snoozed"],
  answer: ["open", "claimed", "snoozed"],
  "add-authoriser": ["open", "claimed", "snoozed", "waiting"],
  dismiss: ["open", "claimed", "snoozed", "waiting"],
};

/** Why `agent` may not do `action` to the case now, or null when it may. */
export function refusalOf(action: CaseAction, standing: CaseStanding, agent: string): string | null {
  if (standing.state === "resolved") {
    const by = standing.resolvedBy ?? "intake";
    const at = standing.resolvedAt?.toISOString() ?? "an unknown time";
    return `case ${standing.id} is already resolved (${standing.resolution ?? "resolved"}) by ${by} at ${at}`;
  }
  if (action === "claim" && standing.state === "claimed" && standing.claimedBy !== null && standing.claimedBy !== agent) {
    return `case ${standing.id} is already claimed by ${standing.claimedBy}`;
  }
  if (!ALLOWED[action].includes(standing.state)) {
    return `case ${standing.id} is ${standing.state}: ${action} is not possible now`;
  }
  return null;
}

/** The state an action leaves the case in (resolving actions give their resolution). */
export function afterAction(action: Exclude<CaseAction, "add-authoriser">): { state: CaseState; resolution: Resolution | null } {
  switch (action) {
    case "claim":
      return { state: "claimed", resolution: null };
    case "snooze":
      return { state: "snoozed", resolution: null };
    case "ask-correction":
      return { state: "waiting", resolution: null };
    case "accept":
      return { state: "resolved", resolution: "accepted" };
    case "reject":
      return { state: "resolved", resolution: "rejected" };
    case "answer":
      return { state: "resolved", resolution: "answered" };
    case "dismiss":
      return { state: "resolved", resolution: "dismissed" };
  }
}
