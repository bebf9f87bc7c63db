// What the dashboard shows, from counts: the last 30 days' messages by outcome as a stacked
// bar chart (its geometry worked out here, drawn as SVG by the template, with the same figures
// as a table), open cases by reason, the oldest open case, and replies waiting or failed. Pure.
import type { ArrivedMessage } from "../../records/dashboard-counts.ts";
import { londonDay } from "../../directory/directory-dates.ts";
import { dayName } from "../format.ts";
import type { CaseSummary } from "../casework-port.ts";
import { reasonName, reasonSentence } from "../words.ts";

export const DASHBOARD_DAYS = 30;
export const OUTCOMES = ["accepted", "rejected", "flagged", "duplicate", "ignored"] as const;
type ChartOutcome = (typeof OUTCOMES)[number];

export interface DayCounts {
  readonly day: string;
  readonly counts: Readonly<Record<ChartOutcome, number>>;
  readonly total: number;
}

/** The last `days` London days up to `now`'s, oldest first, yyyy-mm-dd. */
export function lastDays(now: Date, days: number): string[] {
  const out: string[] = [];
  for (let back = days - 1; back >= 0; back--) out.push(londonDay(new Date(now.getTime() - back * 86_400_000)));
  return [...new Set(out)];
}

/** Messages counted by the London day they arrived and the outcome of their latest decision. */
export function countByDay(messages: readonly ArrivedMessage[], days: readonly string[]): DayCounts[] {
  const empty = (): Record<ChartOutcome, number> => ({ accepted: 0, rejected: 0, flagged: 0, duplicate: 0, ignored: 0 });
  const byDay = new Map(days.map((day) => [day, empty()]));
  for (const message of messages) {
    const counts = byDay.get(londonDay(message.receivedAt));
    const outcome = message.outcome as ChartOutcome | null;
    if (counts && outcome && outcome in counts) counts[outcome] += 1;
  }
  return days.map((day) => {
    const counts = byDay.get(day) ?? empty();
    return { day, counts, total: OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0) };
  });
}

export interface ChartBar {
  readonly x: number;
  readonly label: string;
  readonly showLabel: boolean;
  readonly segments: readonly { readonly outcome: ChartOutcome; readonly y: number; readonly height: number; readonly count: number }[];
}

export interface Chart {
  readonly width: number;
  readonly height: number;
  readonly plotTop: number;
  readonly plotBottom: number;
  readonly plotLeft: number;
  readonly barWidth: number;
  readonly ticks: readonly { readonly y: number; readonly value: number }[];
  readonly bars: readonly ChartBar[];
}

/** A round scale maximum at or above `max`: 5, 10, 20, 50, 100, ... */
function scaleMax(max: number): number {
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const step of [1, 2, 5]) if (step * magnitude * 5 >= max) return Math.max(5, step * magnitude * 5);
  }
}

export function chartOf(days: readonly DayCounts[]): Chart {
  const width = 900;
  const height = 300;
  const plotLeft = 40;
  const plotTop = 10;
  const plotBottom = height - 40;
  const slot = (width - plotLeft - 10) / Math.max(1, days.length);
  const barWidth = Math.max(4, Math.floor(slot * 0.7));
  const top = scaleMax(Math.max(0, ...days.map((d) => d.total)));
  const scale = (plotBottom - plotTop) / top;
  const ticks = [0, 1, 2, 3, 4, 5].map((i) => ({ value: (top / 5) * i, y: plotBottom - (top / 5) * i * scale }));
  const bars = days.map((day, index) => {
    let y = plotBottom;
    const segments = OUTCOMES.filter((outcome) => day.counts[outcome] > 0).map((outcome) => {
      const segmentHeight = day.counts[outcome] * scale;
      y -= segmentHeight;
      return { outcome, y, height: segmentHeight, count: day.counts[outcome] };
    });
    return { x: plotLeft + index * slot + (slot - barWidth) / 2, label: day.day.slice(8) + "/" + day.day.slice(5, 7), showLabel: index % 5 === (days.length - 1) % 5, segments };
  });
  return { width, height, plotTop, plotBottom, plotLeft, barWidth, ticks, bars };
}

export function figureRows(days: readonly DayCounts[]) {
  return days.map((day) => ({ day: dayName(day.day), counts: OUTCOMES.map((outcome) => day.counts[outcome]), total: day.total }));
}

/** Cases not resolved, counted under each of their reasons, most first. */
export function openByReason(cases: readonly CaseSummary[]) {
  const counts = new Map<string, number>();
  for (const summary of cases) for (const code of new Set(summary.reasons)) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, count]) => ({ code, name: reasonName(code), sentence: reasonSentence(code), count }));
}

export function oldestOpen(cases: readonly CaseSummary[]): CaseSummary | null {
  return cases.reduce<CaseSummary | null>((oldest, summary) => (!oldest || summary.openedAt < oldest.openedAt ? summary : oldest), null);
}
