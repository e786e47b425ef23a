// The timeline page. It draws what the host sends and sends back only the typed requests of
// src/shared/protocol.ts. It keeps its last snapshot with setState, so a panel restored after a
// reload draws at once, before the host has fetched anything.
import {
  applyHostMessage, emptySnapshot, type PageMessage, type PanelSnapshot, parseHostMessage, parseSnapshot,
} from '../shared/protocol';
import { ConversationView } from './conversationView';
import { DetailsView } from './detailsView';
import { HeaderView } from './headerView';
import { loadTranslations } from './localize';
import { TimelineView } from './timelineView';
import { getVsCodeApi } from './vscodeApi';

loadTranslations();
const vscode = getVsCodeApi();
const post = (message: PageMessage) => vscode.postMessage(message);

const details = new DetailsView(() => post({ type: 'timeline/video/openExternally' }));
const timeline = new TimelineView((selection) => details.showSegment(selection));
const header = new HeaderView((type) => post({ type }));
const conversation = new ConversationView((text) => post({ type: 'timeline/prompt/send', text }));

document.body.append(header.root, (() => {
  const main = document.createElement('main');
  main.className = 'workspace';
  main.append(timeline.root, details.root);
  return main;
})(), conversation.root);

let shown: PanelSnapshot | undefined;
let snapshot = parseSnapshot(vscode.getState()) ?? emptySnapshot();

/** Draws what changed between the last drawn snapshot and `next` (the reducer keeps references). */
function render(next: PanelSnapshot): void {
  const prev = shown;
  if (next.view !== prev?.view) {
    timeline.update(next.view?.draft, next.view?.unreadableDraft);
    header.showDraft(next.view?.draft, next.view?.unreadableDraft);
    header.showSession(next.view?.sessionId);
    details.showMedia(next.view?.media ?? []);
    details.showChanges(next.view?.changes ?? []);
    details.showExport(next.view?.exported);
  }
  if (next.busy !== prev?.busy || next.busyLabel !== prev?.busyLabel) {
    header.showBusy(next.busy, next.busyLabel);
    conversation.setBusy(next.busy);
  }
  if (next.exportProgress !== prev?.exportProgress) header.showExport(next.exportProgress);
  if (next.credits !== prev?.credits) header.showCredits(next.credits);
  if (next.conversation !== prev?.conversation) conversation.show(next.conversation);
  shown = next;
}

// setState serialises the whole snapshot: once per burst of streamed deltas is enough.
let persistTimer: ReturnType<typeof setTimeout> | undefined;
function persist(): void {
  clearTimeout(persistTimer);
  persistTimer = setTimeout(() => vscode.setState(snapshot), 200);
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.warn(`nemo timeline: ignored a host message: ${parsed.error}`);
    return;
  }
  snapshot = applyHostMessage(snapshot, parsed.message);
  render(snapshot);
  persist();
});

render(snapshot);
post({ type: 'timeline/page/ready' });
