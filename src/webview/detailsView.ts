// The side area: the selected block's details, the session's media with thumbnails, and the
// latest exported video. The player says so when this editor cannot decode the file (VS Code's
// Electron ships without some codecs, AAC audio among them) and offers to open it elsewhere.
import * as l10n from '@vscode/l10n';
import type { ExportedVideo, ViewMedia } from '../shared/protocol';
import { el, setAttr, setText } from './dom';
import { formatSeconds, segmentLabel, trackLabel } from './layout';
import type { SelectedSegment } from './timelineView';

export class DetailsView {
  readonly root: HTMLElement;
  private readonly segmentBox: HTMLElement;
  private readonly mediaBox: HTMLElement;
  private readonly changesBox: HTMLElement;
  private readonly changesList: HTMLElement;
  private readonly mediaList: HTMLElement;
  private readonly videoBox: HTMLElement;
  private readonly video: HTMLVideoElement;
  private readonly videoName: HTMLElement;
  private readonly videoNote: HTMLElement;
  private mediaKey = '';

  constructor(openExternally: () => void) {
    this.segmentBox = el('section', { class: 'segment-details', 'aria-label': l10n.t('Selected segment'), 'aria-live': 'polite' });
    this.mediaList = el('ul', { class: 'media-list' });
    this.mediaBox = el('section', { class: 'media', 'aria-label': l10n.t('Media') }, el('h2', {}, l10n.t('Media')), this.mediaList);
    this.video = el('video', { controls: true, preload: 'metadata', 'aria-label': l10n.t('Exported video') });
    this.videoName = el('p', { class: 'video-name' });
    this.videoNote = el('p', { class: 'video-note', role: 'status' });
    const open = el('button', { type: 'button', class: 'secondary' }, l10n.t('Open externally'));
    open.addEventListener('click', openExternally);
    this.videoBox = el('section', { class: 'export-preview', 'aria-label': l10n.t('Exported video') },
      el('h2', {}, l10n.t('Latest export')), this.video, this.videoName, this.videoNote, open);
    this.video.addEventListener('error', () => this.cannotPlay());
    this.changesList = el('ul', {});
    this.changesBox = el('section', { class: 'last-edit', 'aria-label': l10n.t('Last edit') }, el('h2', {}, l10n.t('Last edit')), this.changesList);
    this.root = el('aside', { class: 'details' }, this.segmentBox, this.changesBox, this.videoBox, this.mediaBox);
    this.showSegment(undefined);
    this.showMedia([]);
    this.showChanges([]);
    this.showExport(undefined);
  }

  showSegment(selection: SelectedSegment | undefined): void {
    if (!selection) {
      this.segmentBox.replaceChildren(el('p', { class: 'hint' }, l10n.t('Select a segment to see its details.')));
      return;
    }
    const { track, segment: s } = selection;
    const rows: [string, string][] = [
      [l10n.t('Track'), l10n.t('{0} (track {1})', trackLabel(track), String(track.index + 1))],
      [l10n.t('Start'), formatSeconds(s.startMs)],
      [l10n.t('End'), formatSeconds(s.startMs + s.durationMs)],
      [l10n.t('Duration'), formatSeconds(s.durationMs)],
    ];
    if (s.text !== undefined) rows.push([l10n.t('Text'), s.text]);
    if (s.style !== undefined) rows.push([l10n.t('Style'), s.style]);
    if (s.volumePercent !== undefined) rows.push([l10n.t('Volume'), `${s.volumePercent}%`]);
    if (s.src !== undefined) rows.push([l10n.t('Source'), s.src]);
    for (const [k, v] of Object.entries(s.meta)) rows.push([k, v]);
    const list = el('dl', {});
    for (const [term, value] of rows) list.append(el('dt', {}, term), el('dd', {}, value));
    const children: Node[] = [el('h2', {}, segmentLabel(track.kind, s))];
    if (s.changed) children.push(el('p', { class: 'changed-note' }, l10n.t('Changed by the last edit')));
    if (s.thumbnail) children.push(el('img', { class: 'thumbnail', src: s.thumbnail, alt: l10n.t('Thumbnail of {0}', segmentLabel(track.kind, s)) }));
    children.push(list);
    this.segmentBox.replaceChildren(...children);
  }

  /** What the last edit changed, one line each (the blocks it touched are highlighted too). */
  showChanges(changes: string[]): void {
    this.changesBox.hidden = changes.length === 0;
    this.changesList.replaceChildren(...changes.map((c) => el('li', {}, c)));
  }

  showMedia(media: ViewMedia[]): void {
    const k = JSON.stringify(media);
    if (k === this.mediaKey) return; // unchanged: keep the loaded thumbnails
    this.mediaKey = k;
    this.mediaBox.hidden = media.length === 0;
    this.mediaList.replaceChildren(...media.map((m) => {
      const facts = [m.kind, m.durationMs !== undefined ? formatSeconds(m.durationMs) : undefined,
        m.width && m.height ? `${m.width}×${m.height}` : undefined].filter((x): x is string => !!x).join(' · ');
      const item = el('li', { class: 'media-item' });
      if (m.thumbnail) item.append(el('img', { class: 'thumbnail', src: m.thumbnail, alt: l10n.t('Thumbnail of {0}', m.name), loading: 'lazy' }));
      item.append(el('span', { class: 'media-name', title: m.url }, m.name));
      if (facts) item.append(el('span', { class: 'media-facts' }, facts));
      return item;
    }));
  }

  showExport(exported: ExportedVideo | undefined): void {
    this.videoBox.hidden = !exported;
    if (!exported) {
      if (this.video.hasAttribute('src')) {
        this.video.removeAttribute('src');
        this.video.load();
      }
      return;
    }
    if (this.video.getAttribute('src') === exported.src) return; // same file: keep playback position
    setText(this.videoName, exported.name);
    setText(this.videoNote, '');
    setAttr(this.video, 'src', exported.src);
    // An MP4 that the engine says it cannot play at all gets the note before any load error.
    if (this.video.canPlayType('video/mp4') === '') this.cannotPlay();
  }

  private cannotPlay(): void {
    if (!this.video.getAttribute('src')) return;
    setText(this.videoNote, l10n.t('This editor cannot play this video (it lacks some codecs, such as AAC audio). Open it in your video player instead.'));
  }
}
