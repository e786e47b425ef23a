// Finds the exact source text of a JSON value inside a body, so a draft can go back to the export
// call byte-for-byte as the state gave it (unknown keys, number spellings, key order and all),
// never rebuilt from a parsed subset. The offsets come from Microsoft's jsonc-parser (VS Code's
// own), in strict mode: no comments, no trailing commas. The client and the emulator both use it.

import * as l10n from '@vscode/l10n';
import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import { NemoError } from './errors';

export type JsonPath = ReadonlyArray<string | number>;

export interface Span {
  start: number;
  end: number; // exclusive
}

/**
 * The deepest nesting read. jsonc-parser descends recursively and runs out of stack a few
 * thousand levels down; no draft or answer of the contract comes near this.
 */
export const MAX_JSON_DEPTH = 1000;

interface Container {
  kind: 'object' | 'array';
  /** How many leading path steps lead here, or -1 when this container is off the path. */
  matched: number;
  /** The current member's key (objects) or the next element's index (arrays). */
  key: string | number;
  /** True when this container is the value looked for. */
  target: boolean;
}

/**
 * The span of the value at `path` (object keys and array indexes) in the JSON text, or undefined
 * when the path does not exist. With duplicate keys the last one wins, as in JSON.parse.
 * Throws SyntaxError on text that is not JSON, and a NemoError (`protocol`) on nesting deeper
 * than MAX_JSON_DEPTH.
 */
export function findSpan(text: string, path: JsonPath): Span | undefined {
  const stack: Container[] = [];
  let found: Span | undefined;

  /** A value starts here: how many path steps lead to it (-1: off the path). */
  const begin = (start: number, end?: number): number => {
    const parent = stack.at(-1);
    let matched = 0;
    if (parent) {
      const step = parent.key;
      if (parent.kind === 'array') parent.key = (step as number) + 1;
      matched = parent.matched >= 0 && parent.matched < path.length && path[parent.matched] === step ? parent.matched + 1 : -1;
    }
    // A later value for the same path replaces the earlier one (and all found inside it).
    if (matched >= 0) found = undefined;
    if (matched === path.length) found = { start, end: end ?? start };
    return matched;
  };
  const open = (kind: Container['kind'], offset: number): void => {
    if (stack.length >= MAX_JSON_DEPTH) {
      throw new NemoError('protocol', l10n.t('Nemo answered JSON nested deeper than {0} levels, more than this version reads.', MAX_JSON_DEPTH), {
        details: { nestedDeeperThan: MAX_JSON_DEPTH },
      });
    }
    const matched = begin(offset);
    stack.push({ kind, matched, key: kind === 'array' ? 0 : '', target: matched === path.length });
  };
  const close = (offset: number): void => {
    const container = stack.pop();
    if (container?.target && found) found.end = offset + 1;
  };

  visit(
    text,
    {
      onObjectBegin: (offset) => open('object', offset),
      onArrayBegin: (offset) => open('array', offset),
      onObjectEnd: close,
      onArrayEnd: close,
      onObjectProperty: (key) => {
        stack[stack.length - 1].key = key;
      },
      onLiteralValue: (_value, offset, length) => void begin(offset, offset + length),
      onError: (error: ParseErrorCode, offset) => {
        throw new SyntaxError(`Invalid JSON at ${offset}: ${printParseErrorCode(error)}`);
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return found;
}

/** The exact source text of the value at `path`, or undefined when it is absent. */
export function rawValueAt(text: string, path: JsonPath): string | undefined {
  const span = findSpan(text, path);
  return span && text.slice(span.start, span.end);
}
