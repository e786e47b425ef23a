// `nemo mcp`: the stdio MCP server. The SDK is imported here, lazily, so other commands never load it.
import type { Readable, Writable } from 'node:stream';
import type { CliContext } from '../context';
import { cliToolHost } from '../mcp/cliToolHost';

export async function runMcp(ctx: CliContext, where: { cwd: string; env: NodeJS.ProcessEnv }, io: { stdin: Readable; stdout: Writable }): Promise<void> {
  const { serveMcp } = await import('../mcp/mcpServer');
  await serveMcp(cliToolHost(ctx, where.cwd, where.env), io, ctx.signal, (line) => ctx.out.note(line));
}
