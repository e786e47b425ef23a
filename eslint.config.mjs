// Lint: typescript-eslint's recommended rules plus the layer table of docs/ARCHITECTURE.md, one
// row per layer, enforced with no-restricted-imports (test/unit/project/layering.test.ts proves
// each rule bites). Adding a layer is one row in LAYERS (and one in ARCHITECTURE.md).
import tseslint from 'typescript-eslint';

/**
 * Who may import whom. `layer` is a folder under src/ (or `file`, a single file in src/).
 * - `may`: layers it may import, whole (`'draft'`) or single modules of one (`'nemo/errors'`);
 *   every other layer is refused.
 * - `typesFrom`: layers (or packages) it may import only with `import type`.
 * - `vscode`: only the extension may import it.
 * - `browser`: runs in the page too: no `node:*`, no HTTP stack.
 */
const LAYERS = [
  // src/shared/safeText.ts is the one rule for showing backend text: pure, and every layer shows some.
  { layer: 'draft', may: ['shared/safeText'] },
  { layer: 'shared', may: [], browser: true },
  { layer: 'nemo', may: ['draft', 'shared/safeText'] },
  // readTurn reads a finished turn: the outcome's type from the client, the timeline words from src/draft.
  { layer: 'chat', may: ['draft', 'shared/safeText', 'nemo/errors', 'nemo/fileTypes'], typesFrom: ['nemo'] },
  { layer: 'cli', may: ['nemo', 'draft', 'chat', 'shared/safeText', 'localRender', 'tools'] },
  { file: 'cli.ts', may: ['cli', 'nemo', 'draft', 'chat'] },
  // The client (undici) loads lazily: only lazyNemo.ts's require('../../nemo') brings its values
  // in; src/localRender and src/tools run on the client, so they come the same way.
  {
    layer: 'extension',
    may: ['chat', 'draft', 'shared', 'nemo/errors', 'nemo/urls', 'nemo/fileTypes', 'nemo/proxy', 'nemo/streamTiming'],
    typesFrom: ['nemo', 'localRender', 'tools', 'undici', 'eventsource-parser'],
    vscode: true,
  },
  { layer: 'webview', may: ['shared'], browser: true },
  { layer: 'localRender', may: ['draft', 'nemo'] },
  { layer: 'tools', may: ['nemo', 'chat', 'draft', 'shared/safeText', 'localRender'] },
];

const LAYER_NAMES = LAYERS.filter((r) => r.layer).map((r) => r.layer);
const HTTP_STACK = ['undici', 'eventsource-parser'];
// Files are matched per folder depth so each gets exact relative specifiers ('../nemo' beside the
// layer's root, '../../nemo' one folder down, …): no pattern can catch a same-named subfolder.
const MAX_DEPTH = 6;

function describeRow(row) {
  const name = row.layer ? `src/${row.layer}` : `src/${row.file}`;
  const allowed = [...row.may.map((m) => `src/${m}`), ...(row.typesFrom ?? []).map((t) => `types of ${t.includes('/') || !LAYER_NAMES.includes(t) ? t : `src/${t}`}`)];
  return `${name} may import ${allowed.length ? allowed.join(', ') : 'nothing of ours'} (layer table, docs/ARCHITECTURE.md)`;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The no-restricted-imports options for one row, with `prefix` leading from the file to src/. */
function restrictions(row, prefix) {
  const message = describeRow(row);
  const patterns = [];
  for (const other of LAYER_NAMES) {
    if (other === row.layer || row.may.includes(other)) continue;
    // The layer itself and anything under it, except the single modules the row allows.
    const modules = row.may.filter((m) => m.startsWith(`${other}/`)).map((m) => m.slice(other.length + 1));
    const except = modules.length ? `(?!(${modules.join('|')})$)` : '';
    patterns.push({
      regex: `^${escape(prefix + other)}(/${except}.*)?$`,
      message,
      allowTypeImports: row.typesFrom?.includes(other) ?? false,
    });
  }
  const paths = [];
  if (!row.vscode) paths.push({ name: 'vscode', message: `Only src/extension/ may import vscode: ${message}.` });
  for (const pkg of HTTP_STACK) {
    if (row.typesFrom?.includes(pkg)) paths.push({ name: pkg, message: `${message}: the HTTP stack stays in the lazily loaded client`, allowTypeImports: true });
    else if (row.browser) paths.push({ name: pkg, message: `${message}: it runs in the browser` });
  }
  if (row.browser) patterns.push({ regex: '^node:', message: `${message}: it runs in the browser` });
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

function layerBlocks(row) {
  if (row.file) return [{ files: [`src/${row.file}`], rules: restrictions(row, './') }];
  return Array.from({ length: MAX_DEPTH }, (_, depth) => ({
    files: [`src/${row.layer}/${'*/'.repeat(depth)}*.ts`],
    rules: restrictions(row, '../'.repeat(depth + 1)),
  }));
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**/*.js', '.cache/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // A folder of src/ without a row still keeps vscode out; layering.test.ts asks every folder for its row.
  { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension/ may import vscode: this folder has no row in the layer table (eslint.config.mjs).' }] }] } },
  ...LAYERS.flatMap(layerBlocks),
);
