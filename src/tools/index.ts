// What the tools layer offers its two front ends: the VS Code language model tools (loaded lazily
// from dist/tools.js, like the client) and `nemo mcp` (bundled into the CLI).
export { TOOL_CATALOG, toolSpec, type ToolName, type ToolSpec } from './catalog';
export { checkInput, type ObjectSchema, type JsonSchema } from './inputSchema';
export { confirmationFor, type Confirmation } from './confirmation';
export { runTool } from './runTool';
export { MemoryOpenQuestions, type ToolHost, type ToolCall, type ToolResult, type PendingRenderRecords, type OpenQuestions, type LocalRenderSetup } from './toolHost';
export { workspaceRelative } from './workspacePaths';
export { configureL10n } from '../nemo/l10nHost';
