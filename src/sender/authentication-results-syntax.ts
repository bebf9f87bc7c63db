// The syntax of one Authentication-Results value (RFC 8601 section 2.2): authserv-id,
// optional version, then "; method=result ptype.property=value ..." entries, with
// (possibly nested) comments anywhere. What the results mean is decided elsewhere.

export interface MethodResult {
  /** Lower-case method name, e.g. "dmarc". */
  readonly method: string;
  /** Lower-case result, e.g. "pass", "bestguesspass". */
  readonly result: string;
  /** Properties by lower-case name ("header.from", "action"), values as written. */
  readonly properties: ReadonlyMap<string, string>;
}

export interface AuthenticationResults {
  /** null when the field starts with a result instead of an authserv-id (Microsoft 365). */
  readonly authservId: string | null;
  readonly results: readonly MethodResult[];
}

class Unparseable extends Error {}

/**
 * Returns null for anything it cannot read completely: a partly understood field is not
 * evidence. A field that opens with "method=" has no authserv-id and is not read further.
 */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const scanner = new Scanner(value);
  try {
    scanner.skipComments();
    const first = scanner.readValue(AUTHSERV_ID_END);
    scanner.skipComments();
    if (first === "" || scanner.peek() === "=" || scanner.peek() === ".") {
      return { authservId: null, results: [] };
    }
    const version = scanner.peekDigits();
    if (version !== "") {
      scanner.readValue(AUTHSERV_ID_END);
      scanner.skipComments();
    }
    const results: MethodResult[] = [];
    while (!scanner.atEnd()) {
      scanner.expect(";");
      scanner.skipComments();
      const method = scanner.readKeyword().toLowerCase();
      scanner.skipComments();
      if (method === "none" && scanner.atEnd() && results.length === 0) {
        break;
      }
      if (scanner.peek() === "/") {
        scanner.expect("/");
        scanner.skipComments();
        scanner.readKeyword();
        scanner.skipComments();
      }
      scanner.expect("=");
      scanner.skipComments();
      const result = scanner.readKeyword().toLowerCase();
      results.push({ method, result, properties: readProperties(scanner) });
    }
    return { authservId: first, results };
  } catch (error) {
    if (error instanceof Unparseable) {
      return null;
    }
    throw error;
  }
}

function readProperties(scanner: Scanner): Map<string, string> {
  const properties = new Map<string, string>();
  scanner.skipComments();
  while (!scanner.atEnd() && scanner.peek() !== ";") {
    const name = scanner.readPropertyName().toLowerCase();
    scanner.skipComments();
    scanner.expect("=");
    scanner.skipComments();
    const propertyValue = scanner.readValue(PROPERTY_VALUE_END);
    // A repeated property is ambiguous; keep the first and let the rest not override it.
    if (!properties.has(name)) {
      properties.set(name, propertyValue);
    }
    scanner.skipComments();
  }
  return properties;
}

const KEYWORD = /[A-Za-z0-9_-]/;
const PROPERTY_NAME = /[A-Za-z0-9_.-]/;
// A bare value runs until whitespace, a separator, a comment or a quote. A property value
// may be an address, and "=" is legal in a local part (SRS, BATV).
const AUTHSERV_ID_END = /[\s;()"=]/;
const PROPERTY_VALUE_END = /[\s;()"]/;

class Scanner {
  readonly #text: string;
  #position = 0;

  constructor(text: string) {
    this.#text = text;
  }

  atEnd(): boolean {
    return this.#position >= this.#text.length;
  }

  peek(): string {
    return this.#text.charAt(this.#position);
  }

  peekDigits(): string {
    return /^[0-9]+(?=[\s;(]|$)/.exec(this.#text.slice(this.#position))?.[0] ?? "";
  }

  expect(char: string): void {
    if (this.peek() !== char) {
      throw new Unparseable();
    }
    this.#position++;
  }

  /** Skips whitespace and (possibly nested) comments. */
  skipComments(): void {
    let depth = 0;
    while (!this.atEnd()) {
      const char = this.peek();
      if (char === "(") {
        depth++;
      } else if (char === ")") {
        if (depth === 0) {
          throw new Unparseable();
        }
        depth--;
      } else if (char === "\\" && depth > 0) {
        this.#position++;
      } else if (depth === 0 && !/\s/.test(char)) {
        return;
      }
      this.#position++;
    }
    if (depth > 0) {
      throw new Unparseable();
    }
  }

  readKeyword(): string {
    return this.#readWhile(KEYWORD);
  }

  readPropertyName(): string {
    return this.#readWhile(PROPERTY_NAME);
  }

  /** A quoted-string (unquoted) or a bare run of characters. */
  readValue(endOfBare: RegExp): string {
    if (this.peek() !== '"') {
      let end = this.#position;
      while (end < this.#text.length && !endOfBare.test(this.#text.charAt(end))) {
        end++;
      }
      const bare = this.#text.slice(this.#position, end);
      this.#position = end;
      return bare;
    }
    let unquoted = "";
    this.#position++;
    while (!this.atEnd()) {
      const char = this.peek();
      this.#position++;
      if (char === '"') {
        return unquoted;
      }
      if (char === "\\") {
        unquoted += this.peek();
        this.#position++;
      } else {
        unquoted += char;
      }
    }
    throw new Unparseable();
  }

  #readWhile(allowed: RegExp): string {
    const start = this.#position;
    while (!this.atEnd() && allowed.test(this.peek())) {
      this.#position++;
    }
    if (this.#position === start) {
      throw new Unparseable();
    }
    return this.#text.slice(start, this.#position);
  }
}
