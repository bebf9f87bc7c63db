// The queue's tabs (one per case state), its reason filter and its rows. Pure.
import { CASE_STATES, isCaseState, type CaseState } from "../../requests/case-state.ts";
import { REASONS, type ReasonCode } from "../../rules/reasons.ts";
import { isReasonCode, reasonName } from "../words.ts";

/** The reasons that put a message in front of a person: those whose outcome is flagged. */
export const CASE_REASONS: readonly ReasonCode[] = (Object.keys(REASONS) as ReasonCode[]).filter((code) => REASONS[code].outcome === "flagged");

const STATE_NAMES: Readonly<Record<CaseState, string>> = {
  open: "Open",
  claimed: "Claimed",
  snoozed: "Snoozed",
  waiting: "Waiting for a reply",
  resolved: "Resolved",
};

export interface QueueFilter {
  readonly state: CaseState;
  readonly reason: ReasonCode | null;
  readonly mine: boolean;
}

export function queueFilter(query: { state?: unknown; reason?: unknown; mine?: unknown }): QueueFilter {
  const state = typeof query.state === "string" && isCaseState(query.state) ? query.state : "open";
  const reason = typeof query.reason === "string" && isReasonCode(query.reason) ? query.reason : null;
  return { state, reason, mine: query.mine === "yes" };
}

export function queueHref(filter: QueueFilter, page = 1): string {
  const query = new URLSearchParams({ state: filter.state });
  if (filter.reason) query.set("reason", filter.reason);
  if (filter.mine) query.set("mine", "yes");
  if (page > 1) query.set("page", String(page));
  return `/?${query.toString()}`;
}

export function stateTabs(filter: QueueFilter) {
  return CASE_STATES.map((state) => ({ text: STATE_NAMES[state], href: queueHref({ ...filter, state }), current: state === filter.state }));
}

export function reasonOptions(filter: QueueFilter) {
  return [
    { value: "", text: "Any reason", selected: filter.reason === null },
    ...CASE_REASONS.map((code) => ({ value: code, text: reasonName(code), selected: code === filter.reason })),
  ];
}

export function stateName(state: CaseState): string {
  return STATE_NAMES[state];
}
