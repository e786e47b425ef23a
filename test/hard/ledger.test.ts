// RELIABILITY.md's "what is tried" table is the ledger of this suite: each class's count there must
// be the number of cases registered here, so the published figures cannot drift from the tests.
// (Run the whole of test/hard: a file alone registers only its own cases.)
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CLASSES, ledger, type DefectClass } from './ledger';

const ROOT = path.resolve(__dirname, '..', '..');

/** `| class | what | cases |` rows of the table under "## What is tried". */
function documentedCounts(markdown: string): Map<string, number> {
  const section = markdown.split(/^## What is tried\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  const counts = new Map<string, number>();
  for (const m of section.matchAll(/^\|\s*`([\w-]+)`\s*\|[^|]*\|\s*(\d+)\s*\|\s*$/gm)) counts.set(m[1], Number(m[2]));
  return counts;
}

describe('hard: the ledger', () => {
  it('RELIABILITY.md counts exactly the cases this suite runs, class by class', async () => {
    const documented = documentedCounts(await fs.readFile(path.join(ROOT, 'RELIABILITY.md'), 'utf8'));
    const counted = new Map([...ledger].map(([cls, titles]) => [cls, titles.length]));
    for (const cls of Object.keys(CLASSES) as DefectClass[]) {
      assert.equal(documented.get(cls) ?? 0, counted.get(cls) ?? 0, `class ${cls}: RELIABILITY.md vs test/hard`);
    }
    assert.deepEqual([...documented.keys()].filter((k) => !(k in CLASSES)), [], 'rows for classes the suite does not know');
    const total = [...counted.values()].reduce((a, b) => a + b, 0);
    assert.ok(total > 0);
  });
});
