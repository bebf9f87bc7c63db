// A value taken from a PDF, made safe to put in a log line, a reply or a support notice:
// printable ASCII only, and cut short, since whoever made the PDF chose every character.

/** At most this many characters of a value are quoted. */
const MAX_QUOTED = 40;

export function quoted(value: string | boolean | undefined): string {
  const text = String(value ?? "").replace(/[^\x20-\x7e]/gu, "?");
  return `"${text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}...` : text}"`;
}
