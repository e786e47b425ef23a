// Activation. Cheap on purpose: registrations only, no network, and the client bundle (undici)
// is not loaded. The `onStartupFinished` activation exists for one reason: a render submitted
// before a reload is resumed; when workspace state holds none, nothing else happens.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { registerChatParticipant } from './chat/chatParticipant';
import { registerCommands } from './commands/commands';
import { CreditsStatusBar } from './credits/creditsStatusBar';
import { announceSaved, resumePendingRenders } from './export/exportFlow';
import { describeFailure } from './core/failures';
import { NemoLog } from './core/log';
import { Services } from './core/services';
import { trackWalkthrough } from './core/walkthroughProgress';
import { checkBaseUrl, readSettings } from './core/settings';
import { TimelinePanel } from './timeline/timelinePanel';
import { registerLanguageModelTools } from './tools/languageModelTools';
import { NemoTimelineController, panelOptions, showFailure } from './timeline/timelineController';

/** src/nemo, src/draft and src/chat word their messages with @vscode/l10n: give it this bundle. */
function configureSharedL10n(): void {
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
}

/** Chat may be missing or disabled (VSCodium, code-server without a model): the commands still work. */
function tryRegisterChat(s: Services): vscode.Disposable | undefined {
  try {
    return typeof vscode.chat?.createChatParticipant === 'function' ? registerChatParticipant(s) : undefined;
  } catch (err) {
    s.log.info(`Chat participant not available here: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export interface NemoExtensionApi {
  /** Resolves when the renders pending at activation were handled (for tests). */
  resumed: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): NemoExtensionApi {
  configureSharedL10n();
  const log = NemoLog.create();
  const s = new Services(context, log);
  // The controller subscribes to the window's events before anything can fire them.
  const controller = new NemoTimelineController(s);
  context.subscriptions.push(log, s, controller, new CreditsStatusBar(s.credits), trackWalkthrough(s.events), ...registerCommands(s, controller));
  const chat = tryRegisterChat(s);
  if (chat) context.subscriptions.push(chat);
  context.subscriptions.push(...registerLanguageModelTools(s));
  context.subscriptions.push(TimelinePanel.registerSerializer(context, controller, panelOptions(s)));
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('nemo') && !e.affectsConfiguration('http.proxy')) return;
    s.clients.invalidate();
    const check = checkBaseUrl(readSettings().apiBaseUrl);
    if (!check.ok) void vscode.window.showErrorMessage(check.reason);
  }));
  return { resumed: resumeIfPending(s) };
}

/** The panel learns of a resumed export from its events, like any other. */
async function resumeIfPending(s: Services): Promise<void> {
  if (s.renders.list().length === 0) return;
  await resumePendingRenders(s, (saved) => void announceSaved(saved, true), (err) => {
    const f = describeFailure(s, err, 'export');
    if (!f.cancelled) showFailure(f);
  });
}

export function deactivate(): void {
  // Everything is in context.subscriptions. A running render is deliberately left running: its id
  // is in workspace state and the next activation resumes it.
}
