// Lint: typescript-eslint's recommended rules plus the layering rule that keeps
// the `vscode` module inside src/extension/ (everything else must run in plain Node or a browser).
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/extension/ may import vscode: keep this layer runnable in plain Node.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**/*.js', '.cache/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/extension/**'], rules: noVscode },
  {
    // The page may only talk to the host through the shared protocol: no Node, no client code.
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview page cannot import vscode.' }],
        patterns: [{ group: ['../nemo', '../nemo/*', '../extension', '../extension/*', '../chat', '../chat/*', '../draft', '../draft/*', 'node:*', 'undici'], message: 'The webview page talks to the host only through src/shared.' }],
      }],
    },
  },
);
