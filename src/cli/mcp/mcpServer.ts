// `nemo mcp`: the Nemo tools as a stdio MCP server (the official SDK's McpServer), for Claude Code,
// Cursor, VS Code's MCP support or any other MCP client. The tools, their schemas and their words
// are src/tools' catalog, run on the CLI's client and file stores. stdout carries nothing but
// JSON-RPC; notes and logs go to stderr. Loaded only when `nemo mcp` runs (the SDK and zod are not
// evaluated by any other command).
import type { Readable, Writable } from 'node:stream';
import * as l10n from '@vscode/l10n';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { version } from '../../../package.json';
import { TOOL_CATALOG, runTool, type ToolCall, type ToolHost } from '../../tools';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Progress notifications for a call whose client asked for them (a progress token in `_meta`). */
function progressFor(extra: Extra): ToolCall['progress'] {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  // MCP wants `progress` to grow with every notification; the fraction is not always known.
  let step = 0;
  return (message, fraction) => {
    step = Math.max(step + 1, fraction === undefined ? 0 : Math.round(fraction * 100));
    void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: step, message } }).catch(() => undefined);
  };
}

export function buildMcpServer(host: ToolHost, stopped: AbortSignal): McpServer {
  const server = new McpServer({ name: 'nemo', version });
  for (const spec of TOOL_CATALOG) {
    server.registerTool(spec.name, {
      description: spec.modelDescription,
      inputSchema: z.fromJSONSchema(spec.inputSchema as Parameters<typeof z.fromJSONSchema>[0]),
      annotations: { readOnlyHint: spec.name === 'nemo_show_timeline' || spec.name === 'nemo_credits', openWorldHint: true },
    }, async (input: unknown, extra: Extra) => {
      // The client's notifications/cancelled aborts extra.signal; Ctrl-C on the server aborts `stopped`.
      const result = await runTool(spec.name, input, host, { signal: AbortSignal.any([extra.signal, stopped]), progress: progressFor(extra) });
      return { content: [{ type: 'text' as const, text: result.text }], ...(result.ok ? {} : { isError: true }) };
    });
  }
  return server;
}

/** Serves until the client closes stdin (or Ctrl-C). */
export async function serveMcp(host: ToolHost, io: { stdin: Readable; stdout: Writable }, stopped: AbortSignal, note: (line: string) => void): Promise<void> {
  const server = buildMcpServer(host, stopped);
  const transport = new StdioServerTransport(io.stdin, io.stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  const close = (): void => void server.close().catch(() => undefined);
  io.stdin.once('end', close);
  io.stdin.once('close', close);
  stopped.addEventListener('abort', close, { once: true });
  await server.connect(transport);
  note(l10n.t('nemo mcp: serving {0} tools on stdin/stdout.', TOOL_CATALOG.length));
  await closed;
}
