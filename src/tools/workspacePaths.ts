// Paths an agent names are workspace paths: resolved against the workspace folder and refused when
// they lead outside it, symbolic links included (a link inside the workspace to ~/.ssh is outside).
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { NemoError } from '../nemo/errors';

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of the deepest part of `p` that exists, with the rest appended (for folders still to be made). */
async function realpathOfExisting(p: string): Promise<string> {
  const missing: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return p;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

function noWorkspace(): NemoError {
  return new NemoError('invalid-input', l10n.t('No workspace folder is open, so workspace paths cannot be used. Open a folder first.'));
}

/**
 * `given` (relative to the workspace, or absolute) as an absolute path inside the workspace; throws
 * an 'invalid-input' NemoError naming the path when it is outside.
 */
export async function insideWorkspace(root: string | undefined, given: string): Promise<string> {
  if (root === undefined) throw noWorkspace();
  const resolved = path.resolve(root, given);
  const realRoot = await realpathOfExisting(root);
  if (!isInside(root, resolved) || !isInside(realRoot, await realpathOfExisting(resolved))) {
    throw new NemoError('invalid-input', l10n.t('{0} is outside the workspace folder. Use a path inside it, relative to the workspace.', given));
  }
  return resolved;
}

/** How a file inside the workspace is named to a person or a model: relative, with forward slashes. */
export function workspaceRelative(root: string | undefined, file: string): string {
  if (root === undefined || !isInside(root, file)) return file;
  return path.relative(root, file).split(path.sep).join('/');
}
