// The header: title, total duration, canvas, the action buttons, export progress and credits.
import * as l10n from '@vscode/l10n';
import type { Credits, ExportProgress, ExportStage, PageMessage, UnreadableDraftNote, ViewDraft } from '../shared/protocol';
import { el, setAttr, setText } from './dom';
import { aspectRatio, formatSeconds, timelineSpanMs } from './layout';

type Action = Extract<PageMessage, { type: 'timeline/export/start' | 'timeline/export/startLocal' | 'timeline/view/refresh' | 'timeline/session/new' | 'timeline/credits/show' | 'timeline/webEditor/open' }>['type'];

const STAGE_WORDS: Record<ExportStage, () => string> = {
  reading: () => l10n.t('Reading the timeline'),
  queued: () => l10n.t('Queued'),
  rendering: () => l10n.t('Rendering'),
  downloading: () => l10n.t('Downloading'),
  done: () => l10n.t('Exported'),
  failed: () => l10n.t('Export failed'),
  cancelled: () => l10n.t('Export cancelled'),
};

export class HeaderView {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly facts: HTMLElement;
  private readonly exportStatus: HTMLElement;
  private readonly exportBar: HTMLProgressElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly exportLocalButton: HTMLButtonElement;
  private readonly webEditorButton: HTMLButtonElement;
  private readonly credits: HTMLElement;
  private readonly busy: HTMLElement;
  private readonly status: HTMLElement;

  constructor(send: (type: Action) => void) {
    this.title = el('h1', { class: 'title' });
    this.facts = el('p', { class: 'facts' });
    const button = (type: Action, label: string, cls = 'secondary') => {
      const b = el('button', { type: 'button', class: cls, 'data-action': type }, label);
      b.addEventListener('click', () => send(type));
      return b;
    };
    this.exportButton = button('timeline/export/start', l10n.t('Export'), 'primary');
    this.exportLocalButton = button('timeline/export/startLocal', l10n.t('Export Locally'));
    this.webEditorButton = button('timeline/webEditor/open', l10n.t('Open in Web Editor'));
    this.webEditorButton.title = l10n.t('Open this project in Nemo\'s web editor, in your browser');
    this.exportBar = el('progress', { max: 100, 'aria-label': l10n.t('Export progress') });
    this.exportStatus = el('span', { class: 'export-status' });
    this.credits = el('span', { class: 'credits' });
    this.busy = el('span', { class: 'busy', role: 'status' });
    this.root = el('header', { class: 'header' },
      el('div', { class: 'heading' }, this.title, this.facts),
      el('div', { class: 'actions', role: 'toolbar', 'aria-label': l10n.t('Timeline actions') },
        this.exportButton,
        this.exportLocalButton,
        button('timeline/view/refresh', l10n.t('Refresh')),
        button('timeline/session/new', l10n.t('New Session')),
        button('timeline/credits/show', l10n.t('Credits')),
        this.webEditorButton),
      this.status = el('div', { class: 'status', 'aria-live': 'polite' }, this.busy, this.exportStatus, this.exportBar, this.credits));
    this.showExport(undefined);
  }

  showDraft(draft: ViewDraft | undefined, unreadable?: UnreadableDraftNote): void {
    setText(this.title, draft?.title || l10n.t('Nemo timeline'));
    if (!draft) {
      setText(this.facts, unreadable ? l10n.t('Timeline in {0}', unreadable.formatName) : l10n.t('No timeline yet'));
      return;
    }
    const parts = [l10n.t('{0} total', formatSeconds(timelineSpanMs(draft.durationMs, draft.tracks))),
      draft.tracks.length === 1 ? l10n.t('1 track') : l10n.t('{0} tracks', String(draft.tracks.length))];
    if (draft.width && draft.height) {
      const ratio = aspectRatio(draft.width, draft.height);
      parts.push(ratio ? l10n.t('canvas {0}×{1} ({2})', String(draft.width), String(draft.height), ratio)
        : l10n.t('canvas {0}×{1}', String(draft.width), String(draft.height)));
    }
    setText(this.facts, parts.join(' · '));
  }

  /** The web editor opens a session: without one there is nothing to open. */
  showSession(sessionId: string | undefined): void {
    this.webEditorButton.disabled = sessionId === undefined;
  }

  showBusy(busy: boolean, label: string | undefined): void {
    setText(this.busy, busy ? label || l10n.t('Working…') : '');
    this.root.classList.toggle('is-busy', busy);
    this.hideEmptyStatus();
  }

  showExport(p: ExportProgress | undefined): void {
    const running = !!p && !['done', 'failed', 'cancelled'].includes(p.stage);
    this.exportButton.disabled = running;
    this.exportLocalButton.disabled = running;
    this.exportBar.hidden = !running;
    if (running && p.percent !== undefined) this.exportBar.value = p.percent;
    else if (running) this.exportBar.removeAttribute('value'); // indeterminate
    if (!p) {
      setText(this.exportStatus, '');
      this.hideEmptyStatus();
      return;
    }
    const words = [STAGE_WORDS[p.stage](), p.percent !== undefined && running ? `${Math.round(p.percent)}%` : undefined, p.message]
      .filter((x): x is string => !!x).join(' · ');
    setText(this.exportStatus, words);
    setAttr(this.exportStatus, 'data-stage', p.stage);
    this.hideEmptyStatus();
  }

  showCredits(c: Credits | undefined): void {
    setText(this.credits, c ? l10n.t('{0} credits available', String(c.available)) : '');
    this.hideEmptyStatus();
  }

  /** The status line takes no room when it has nothing to say. */
  private hideEmptyStatus(): void {
    this.status.hidden = !this.busy.textContent && !this.exportStatus.textContent && !this.credits.textContent;
  }
}
