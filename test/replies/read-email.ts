// Reading a rendered email the way a person or a mail client would: its visible words, its
// links, the styles on its elements, its text colours. For the template tests only.

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ldquo: "\u201c",
  rdquo: "\u201d",
  lsquo: "\u2018",
  rsquo: "\u2019",
};

export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** What a reader sees of the HTML from the heading on (the header band and <head> aside), as text. */
export function visibleText(html: string): string {
  const body = html.slice(html.indexOf("<h1"));
  return decodeEntities(body.replace(/<!--[\s\S]*?-->/g, " ").replace(/<[^>]*>/g, " "));
}

/** The words (letters and digits) of a text, in order: punctuation and layout aside. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Every href and src value, entities decoded. */
export function links(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/gi)].map((m) => decodeEntities(m[1]!));
}

/** Every absolute or protocol-relative URL anywhere in the HTML (attributes, text, styles). */
export function urls(html: string): string[] {
  return [...decodeEntities(html).matchAll(/(?:https?:)?\/\/[^\s"'<>()]+/gi)].map((m) => m[0]);
}

/** The opening tags of the given elements, e.g. ["p", "td"]. */
export function openingTags(html: string, elements: readonly string[]): string[] {
  const pattern = new RegExp(`<(?:${elements.join("|")})\\b[^>]*>`, "gi");
  return html.match(pattern) ?? [];
}

export function styleOf(tag: string): string {
  return /\bstyle="([^"]*)"/i.exec(tag)?.[1] ?? "";
}

/** The text colours (CSS `color`, not `background-color`) used anywhere, upper-case hex. */
export function textColours(html: string): string[] {
  return [...new Set([...html.matchAll(/(?<![-\w])color\s*:\s*(#[0-9a-f]{6})/gi)].map((m) => m[1]!.toUpperCase()))];
}

function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio of two #RRGGBB colours. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}
