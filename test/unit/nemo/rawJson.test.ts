import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findSpan, MAX_JSON_DEPTH, rawValueAt } from '../../../src/nemo/rawJson';
import { isNemoError } from '../../../src/nemo/errors';

/** JSON text of `value` with random whitespace between tokens (the server's formatting is not ours). */
function spaced(value: unknown, ws: () => string): string {
  if (Array.isArray(value)) return `[${ws()}${value.map((v) => `${ws()}${spaced(v, ws)}${ws()}`).join(',')}${ws()}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${ws()}${JSON.stringify(k)}${ws()}:${ws()}${spaced(v, ws)}${ws()}`);
    return `{${members.join(',')}${ws()}}`;
  }
  return JSON.stringify(value);
}

/** Every path to a value inside `value`. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

function at(value: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((v, step) => (v as Record<string | number, unknown>)[step], value);
}

describe('rawJson: the exact source text of a value', () => {
  it('finds every value of any JSON, however it is spaced, and its text parses to that value', () => {
    const whitespace = fc.array(fc.constantFrom(' ', '\n', '\t', '\r\n', ''), { maxLength: 40 });
    fc.assert(
      fc.property(fc.jsonValue(), whitespace, (value, wsList) => {
        let n = 0;
        const text = spaced(value, () => wsList[n++ % Math.max(1, wsList.length)] ?? '');
        const parsed = JSON.parse(text) as unknown;
        for (const path of pathsOf(parsed)) {
          const raw = rawValueAt(text, path);
          assert.ok(raw !== undefined, `path ${JSON.stringify(path)} not found`);
          assert.deepEqual(JSON.parse(raw), at(parsed, path));
          assert.equal(raw, raw.trim(), 'no surrounding whitespace');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('handles strings with escapes, quotes and braces inside, and escaped keys', () => {
    const text = '{"a":"x\\"}{[\\\\","b\\u0063":{"draft" : {"k":"\\u00e9\\n","n":[1,{"}":"]"}]} },"c":1e5}';
    assert.equal(rawValueAt(text, ['bc', 'draft']), '{"k":"\\u00e9\\n","n":[1,{"}":"]"}]}');
    assert.equal(rawValueAt(text, ['c']), '1e5');
    assert.equal(rawValueAt(text, ['a']), '"x\\"}{[\\\\"');
  });

  it('keeps number spellings and key order that a re-serialization would lose', () => {
    const draft = '{"d":30000.0,"z":1,"a":[1.50,-0E+0],"big":12345678901234567890123}';
    const body = `{"code":0,"data":{"state":{"draft":${draft}}}}`;
    assert.equal(rawValueAt(body, ['data', 'state', 'draft']), draft);
  });

  it('answers undefined for a missing path and follows JSON.parse on duplicate keys', () => {
    assert.equal(rawValueAt('{"a":{"b":1}}', ['a', 'c']), undefined);
    assert.equal(rawValueAt('{"a":[1,2]}', ['a', 5]), undefined);
    assert.equal(rawValueAt('{"a":1}', ['a', 'b']), undefined);
    assert.equal(rawValueAt('{"a":1,"a":{"b":2}}', ['a', 'b']), '2');
    assert.equal(rawValueAt('{"a":{"b":2},"a":1}', ['a', 'b']), undefined);
  });

  it('gives offsets into the original text and refuses text that is not JSON', () => {
    assert.deepEqual(findSpan(' { "x" : [ true ] } ', ['x']), { start: 9, end: 17 });
    assert.throws(() => findSpan('{"a":1', ['a']), SyntaxError);
    assert.throws(() => findSpan('{"a":1} x', ['a']), SyntaxError);
  });

  it('finds a member of the top-level object, as the emulator reads a render submit', () => {
    const text = ' { "a" : "x\\"}" , "draft" :\n {"k": [1, {"s": "}]\\\\"}], "n": 1.50} , "z": null }';
    assert.equal(rawValueAt(text, ['draft']), '{"k": [1, {"s": "}]\\\\"}], "n": 1.50}');
    assert.equal(rawValueAt(text, ['z']), 'null');
    assert.equal(rawValueAt(text, ['missing']), undefined);
    assert.equal(rawValueAt('[1]', ['a']), undefined);
  });

  it('reads strict JSON only: no comments, no trailing commas, nothing empty', () => {
    assert.throws(() => findSpan('{"a":1 /* c */}', ['a']), SyntaxError);
    assert.throws(() => findSpan('{"a":[1,],}', ['a']), SyntaxError);
    assert.throws(() => findSpan('', []), SyntaxError);
    assert.throws(() => findSpan("{'a':1}", ['a']), SyntaxError);
  });

  it(`reads ${MAX_JSON_DEPTH} levels of nesting and refuses deeper text in words, without running out of stack`, () => {
    const nested = (depth: number) => `{"draft":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    assert.equal(rawValueAt(nested(MAX_JSON_DEPTH), ['draft'])?.length, 2 * (MAX_JSON_DEPTH - 1));
    for (const depth of [MAX_JSON_DEPTH + 1, 10_000, 100_000]) {
      assert.throws(
        () => rawValueAt(nested(depth), ['draft']),
        (err) => isNemoError(err) && err.kind === 'protocol' && /nested deeper than 1000 levels/.test(err.message),
      );
    }
  });
});
