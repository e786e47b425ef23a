// Finds the exact source text of a JSON value inside a body, so a draft can go back to the export
// call byte-for-byte as the state gave it (unknown keys, number spellings, key order and all),
// never rebuilt from a parsed subset. A small scanner over the text: it does not build values.

export type JsonPath = ReadonlyArray<string | number>;

export interface Span {
  start: number;
  end: number; // exclusive
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new SyntaxError(`Invalid JSON at ${this.i}: ${what}`);
  }

  ws(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  expect(ch: string): void {
    if (this.s[this.i] !== ch) this.fail(`expected "${ch}"`);
    this.i++;
  }

  /** Reads a string and returns its decoded value (keys must be compared decoded: "\u0064" is "d"). */
  string(): string {
    const start = this.i;
    this.expect('"');
    let escaped = false;
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === '\\') {
        escaped = true;
        this.i++;
      } else if (c === '"') {
        const raw = this.s.slice(start, this.i);
        return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      }
    }
    return this.fail('unterminated string');
  }

  /** Skips any value, leaving `i` just after it. */
  skip(): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '"') {
      this.string();
    } else if (c === '{') {
      this.members(() => this.skip());
    } else if (c === '[') {
      this.elements(() => this.skip());
    } else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 400));
      if (!m) this.fail('unexpected character');
      this.i += m[0].length;
    }
  }

  /** Walks an object's members; `onValue(key)` must consume the value. */
  members(onValue: (key: string) => void): void {
    this.expect('{');
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const key = this.string();
      this.ws();
      this.expect(':');
      onValue(key);
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else return this.expect('}');
    }
  }

  elements(onValue: (index: number) => void): void {
    this.expect('[');
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      onValue(index);
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else return this.expect(']');
    }
  }
}

/**
 * The span of the value at `path` (object keys and array indexes) in the JSON text, or undefined
 * when the path does not exist. With duplicate keys the last one wins, as in JSON.parse.
 * Throws SyntaxError on text that is not JSON along the way.
 */
export function findSpan(text: string, path: JsonPath): Span | undefined {
  const sc = new Scanner(text);
  const at = (depth: number): Span | undefined => {
    sc.ws();
    if (depth === path.length) {
      const start = sc.i;
      sc.skip();
      return { start, end: sc.i };
    }
    const step = path[depth];
    let found: Span | undefined;
    const c = sc.s[sc.i];
    if (c === '{' && typeof step === 'string') {
      sc.members((key) => {
        if (key === step) found = at(depth + 1);
        else sc.skip();
      });
    } else if (c === '[' && typeof step === 'number') {
      sc.elements((index) => {
        if (index === step) found = at(depth + 1);
        else sc.skip();
      });
    } else {
      sc.skip();
    }
    return found;
  };
  const span = at(0);
  sc.ws();
  if (sc.i !== text.length) sc.fail('text after the value');
  return span;
}

/** The exact source text of the value at `path`, or undefined when it is absent. */
export function rawValueAt(text: string, path: JsonPath): string | undefined {
  const span = findSpan(text, path);
  return span && text.slice(span.start, span.end);
}
