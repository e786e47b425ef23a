// Makes `import * as vscode from 'vscode'` resolve to the stand-in in this folder when code under
// src/extension runs in plain mocha. Import this module first in every extension unit test.
import Module from 'node:module';
import * as path from 'node:path';

const stub = path.join(__dirname, 'index.ts');
type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };
const original = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? stub : original.call(this, request, ...rest);
};
