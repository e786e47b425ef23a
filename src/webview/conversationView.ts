// The prompt box and the streamed replies. Enter sends, Shift+Enter makes a new line; a reply
// grows by text deltas (appended as text nodes, never parsed).
import * as l10n from '@vscode/l10n';
import { type ConversationEntry, MAX_PROMPT_CHARS } from '../shared/protocol';
import { el, setText } from './dom';

interface EntryParts { root: HTMLElement; reply: HTMLElement; error: HTMLElement; shown: ConversationEntry }

export class ConversationView {
  readonly root: HTMLElement;
  private readonly log: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private entries: EntryParts[] = [];
  private busy = false;

  constructor(send: (text: string) => void) {
    this.log = el('div', { class: 'conversation', role: 'log', 'aria-label': l10n.t('Replies'), 'aria-live': 'polite' });
    this.input = el('textarea', {
      class: 'prompt-input', rows: 2, maxlength: MAX_PROMPT_CHARS,
      placeholder: l10n.t('Describe a video or an edit… (Enter sends, Shift+Enter for a new line)'),
      'aria-label': l10n.t('Message to Nemo'),
    });
    this.sendButton = el('button', { type: 'button', class: 'primary' }, l10n.t('Send'));
    // Not a <form>: the webview is sandboxed without forms, so a submit event would never fire.
    const box = el('div', { class: 'prompt' }, this.input, this.sendButton);
    const submit = () => {
      const text = this.input.value.trim();
      if (!text || this.busy) return;
      send(text);
      this.input.value = '';
    };
    this.sendButton.addEventListener('click', submit);
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submit();
      }
    });
    this.root = el('section', { class: 'chat', 'aria-label': l10n.t('Conversation') }, this.log, box);
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.sendButton.disabled = busy;
  }

  /** Patches the log to match `conversation`: new entries appended, the streaming one grown. */
  show(conversation: ConversationEntry[]): void {
    const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 8;
    // Entries only ever get appended or dropped from the front (capped history).
    const drop = this.entries.findIndex((p, i) => conversation[i]?.prompt !== p.shown.prompt);
    if (drop !== -1 || this.entries.length > conversation.length) {
      for (const p of this.entries) p.root.remove();
      this.entries = [];
    }
    conversation.forEach((entry, i) => {
      const parts = this.entries[i] ?? this.addEntry(entry);
      this.patchEntry(parts, entry);
    });
    if (atBottom) this.log.scrollTop = this.log.scrollHeight;
  }

  private addEntry(entry: ConversationEntry): EntryParts {
    const reply = el('div', { class: 'reply-text' });
    const error = el('div', { class: 'reply-error', role: 'alert' });
    const root = el('article', { class: 'entry' }, el('div', { class: 'prompt-text' }, entry.prompt), reply, error);
    this.log.append(root);
    const parts = { root, reply, error, shown: { ...entry, reply: '' } };
    this.entries.push(parts);
    return parts;
  }

  private patchEntry(p: EntryParts, entry: ConversationEntry): void {
    if (entry.reply.startsWith(p.shown.reply)) {
      const delta = entry.reply.slice(p.shown.reply.length);
      if (delta) p.reply.append(document.createTextNode(delta));
    } else {
      setText(p.reply, entry.reply);
    }
    setText(p.error, entry.error ?? '');
    p.root.classList.toggle('streaming', !entry.done);
    p.shown = entry;
  }
}
