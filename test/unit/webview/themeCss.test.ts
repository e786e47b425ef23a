// The page follows the editor's theme: every colour in its stylesheet is a VS Code theme variable
// (with a theme variable or `transparent` as the fallback), never a literal colour.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const CSS = readFileSync(path.resolve(__dirname, '../../../media/timeline.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const COLOUR_PROPS = /(^|[\s;{])((?:background|color|border(?:-[a-z]+)*|outline|box-shadow|accent-color|fill|stroke)\s*:\s*)([^;}]+)/g;

describe('timeline page stylesheet', () => {
  it('takes every colour from the VS Code theme variables', () => {
    const values = [...CSS.matchAll(COLOUR_PROPS)].map((m) => m[3].trim());
    assert.ok(values.length > 20, `found ${values.length} colour declarations`);
    for (const value of values) {
      assert.doesNotMatch(value, /#[0-9a-f]{3,8}\b|\b(rgb|rgba|hsl|hsla|hwb|lab|lch|oklch|color-mix)\(/i, value);
      // Words left once the theme variables are taken out: sizes, styles and keywords, no colour names.
      const words = value.replace(/var\(--vscode-[\w-]+/g, '').match(/[a-z][a-z-]*/gi) ?? [];
      const allowed = new Set(['px', 'rem', 'em', 'solid', 'dashed', 'inset', 'transparent', 'none', 'var', 'calc']);
      for (const w of words) assert.ok(allowed.has(w), `"${w}" in "${value}"`);
    }
  });
});
