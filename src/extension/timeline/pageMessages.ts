// What the panel does with a message from its page. Pure (no vscode): every message is validated
// first and a malformed one is dropped with a log line, never acted on.
import { parsePageMessage } from '../../shared/protocol';

/** Implemented by the extension: what the panel's buttons and prompt box ask for. */
export interface TimelineController {
  /** The same turn as `@nemo`, intent routing included; the reply streams back through the panel. */
  prompt(text: string): Promise<void>;
  exportVideo(): Promise<void>;
  /** The same export rendered on this machine with ffmpeg. */
  exportLocally(): Promise<void>;
  refresh(): Promise<void>;
  newSession(): Promise<void>;
  showCredits(): Promise<void>;
  /** Opens the session in Nemo's web editor, in the browser (the host asks for the link, never the page). */
  openWebEditor(): Promise<void>;
  /** Opens a local file (the exported MP4) with the system's default application. */
  openExternally(file: string): Promise<void>;
}

export interface PageMessageContext {
  controller: TimelineController;
  log: (line: string) => void;
  /** The page finished loading and waits for the panel's snapshot. */
  onReady: () => void;
  /** The file "Open externally" opens: the host's own record, never a path from the page. */
  exportFile: () => string | undefined;
}

export async function handlePageMessage(raw: unknown, ctx: PageMessageContext): Promise<void> {
  const parsed = parsePageMessage(raw);
  if (!parsed.ok) {
    ctx.log(`timeline: rejected a page message: ${parsed.error}`);
    return;
  }
  const m = parsed.message;
  try {
    switch (m.type) {
      case 'timeline/page/ready':
        return ctx.onReady();
      case 'timeline/prompt/send':
        return await ctx.controller.prompt(m.text);
      case 'timeline/export/start':
        return await ctx.controller.exportVideo();
      case 'timeline/export/startLocal':
        return await ctx.controller.exportLocally();
      case 'timeline/view/refresh':
        return await ctx.controller.refresh();
      case 'timeline/session/new':
        return await ctx.controller.newSession();
      case 'timeline/credits/show':
        return await ctx.controller.showCredits();
      case 'timeline/webEditor/open':
        return await ctx.controller.openWebEditor();
      case 'timeline/video/openExternally': {
        const file = ctx.exportFile();
        if (file === undefined) return ctx.log('timeline: "Open externally" with no exported file');
        return await ctx.controller.openExternally(file);
      }
    }
  } catch (err) {
    // The controller reports failures to the user itself; this keeps a rejected promise from
    // going unhandled in the extension host.
    ctx.log(`timeline: ${m.type} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
