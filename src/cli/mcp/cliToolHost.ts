// The tools' host in a terminal: the CLI's own client, session keeper and pending-render file, so
// `nemo mcp`, `nemo chat` and `nemo export` in one folder work on one timeline. The workspace is the
// working directory (where an MCP client starts the server: the project folder).
import * as path from 'node:path';
import type { PendingRender } from '../../nemo/exporter';
import { MemoryOpenQuestions, type PendingRenderRecords, type ToolHost } from '../../tools';
import type { CliContext } from '../context';
import { nemoHome } from '../privateFiles';

/** The folder's one pending render (renders.json) as the tools' list of records. */
function renderRecords(ctx: CliContext): PendingRenderRecords {
  return {
    list: async () => {
      const job = await ctx.pendingRender.get();
      return job ? [job] : [];
    },
    add: (job: PendingRender) => ctx.pendingRender.set(job),
    remove: async (renderId: string) => {
      if ((await ctx.pendingRender.get())?.renderId === renderId) await ctx.pendingRender.clear();
    },
  };
}

export function cliToolHost(ctx: CliContext, cwd: string, env: NodeJS.ProcessEnv): ToolHost {
  const root = path.resolve(cwd);
  return {
    client: async () => ctx.client,
    sessions: async () => ctx.sessions,
    renders: renderRecords(ctx),
    questions: new MemoryOpenQuestions(),
    workspaceRoot: root,
    exportFolder: () => path.resolve(root, ctx.global.outDir),
    webBase: () => ctx.global.webBase,
    localRender: { env, cacheDir: path.join(nemoHome(env), 'media-cache') },
    showPath: (file) => path.resolve(file),
    tokenSource: () => (ctx.fixedToken ? 'env' : 'anonymous'),
    log: (line) => ctx.out.note(line),
  };
}
