// How times and ages read on the console's pages: UK dates in London time, and ages in the
// largest whole unit ("3 days", "5 hours"). Pure.

const LONDON_DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const LONDON_DATE = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });

/** "6 December 2026, 10:35" in London time. */
export function dateTime(at: Date): string {
  return LONDON_DATE_TIME.format(at).replace(" at ", ", ");
}

/** "6 December 2026" for a yyyy-mm-dd day. */
export function dayName(day: string): string {
  return LONDON_DATE.format(new Date(`${day}T12:00:00Z`));
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** How long ago `since` was at `now`, in the largest whole unit; "just now" under a minute. */
export function age(since: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - since.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return plural(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, "hour");
  return plural(Math.floor(hours / 24), "day");
}

/** "1.2 MB", "340 KB", "12 bytes". */
export function size(bytes: number): string {
  if (bytes < 1024) return plural(bytes, "byte");
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
