// The ruler and the lanes. Elements are keyed by track and segment index and patched in place
// on every update, so an edit that moves one block touches one block. Positions are percentages
// of the timeline's span: resizing the panel moves nothing in script (only the ruler's tick
// density is recomputed). Keyboard: one tab stop (roving tabindex); arrows move between blocks.
import * as l10n from '@vscode/l10n';
import type { ViewDraft, ViewSegment, ViewTrack } from '../shared/protocol';
import { el, setAttr, setStyle, setText } from './dom';
import {
  packRows, percentAt, rulerTicks, segmentAriaLabel, segmentLabel, timelineSpanMs, TRACK_ICONS, trackLabel,
} from './layout';

export interface SelectedSegment { track: ViewTrack; segment: ViewSegment }

interface LaneParts { root: HTMLElement; head: HTMLElement; icon: HTMLElement; label: HTMLElement; body: HTMLElement; blocks: Map<number, HTMLElement> }

// Minimum pixels per second at zoom level 0; each level doubles it.
const BASE_PX_PER_S = 6;
const MAX_ZOOM = 8;

export class TimelineView {
  readonly root: HTMLElement;
  private readonly inner: HTMLElement;
  private readonly ruler: HTMLElement;
  private readonly lanesEl: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly lanes = new Map<number, LaneParts>();
  private spanMs = 0;
  private zoom = 0;
  private selectedKey: string | undefined;
  private focusKey: string | undefined;
  // Blocks of each lane sorted by start: what the arrow keys walk.
  private navigation: { track: ViewTrack; segments: ViewSegment[] }[] = [];
  private rulerWidth = 0;

  constructor(private readonly onSelect: (selection: SelectedSegment | undefined) => void) {
    this.ruler = el('div', { class: 'ruler-ticks' });
    this.lanesEl = el('div', { class: 'lanes', role: 'group', 'aria-label': l10n.t('Tracks') });
    this.inner = el('div', { class: 'timeline-inner' },
      el('div', { class: 'ruler', 'aria-hidden': 'true' }, el('div', { class: 'ruler-head' }), this.ruler),
      this.lanesEl);
    this.empty = el('p', { class: 'empty' }, l10n.t('No timeline yet. Describe a video below to make one.'));
    const zoomOut = el('button', { type: 'button', class: 'icon-button', 'aria-label': l10n.t('Zoom out'), title: l10n.t('Zoom out') }, '−');
    const zoomIn = el('button', { type: 'button', class: 'icon-button', 'aria-label': l10n.t('Zoom in'), title: l10n.t('Zoom in') }, '+');
    zoomOut.addEventListener('click', () => this.setZoom(this.zoom - 1));
    zoomIn.addEventListener('click', () => this.setZoom(this.zoom + 1));
    const scroller = el('div', { class: 'timeline-scroll' }, this.inner);
    this.root = el('section', { class: 'timeline', 'aria-label': l10n.t('Timeline') },
      el('div', { class: 'timeline-tools' }, zoomOut, zoomIn), this.empty, scroller);
    this.lanesEl.addEventListener('click', (e) => this.onClick(e));
    this.lanesEl.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.layoutRuler()).observe(this.ruler);
  }

  update(draft: ViewDraft | undefined): void {
    const tracks = draft?.tracks ?? [];
    this.empty.hidden = tracks.length > 0;
    this.inner.hidden = tracks.length === 0;
    this.spanMs = draft ? timelineSpanMs(draft.durationMs, tracks) : 0;
    this.applyZoom();

    const seen = new Set<number>();
    let previous: HTMLElement | undefined;
    for (const track of tracks) {
      seen.add(track.index);
      const lane = this.lanes.get(track.index) ?? this.makeLane(track.index);
      this.patchLane(lane, track);
      // Keep DOM order = draft order, moving a lane only when it is out of place.
      const expectedNext: Element | null = previous ? previous.nextElementSibling : this.lanesEl.firstElementChild;
      if (expectedNext !== lane.root) this.lanesEl.insertBefore(lane.root, expectedNext);
      previous = lane.root;
    }
    for (const [index, lane] of this.lanes) {
      if (!seen.has(index)) {
        lane.root.remove();
        this.lanes.delete(index);
      }
    }
    this.navigation = tracks.map((track) => ({ track, segments: [...track.segments].sort((a, b) => a.startMs - b.startMs || a.index - b.index) }));
    if (this.selectedKey && !this.find(this.selectedKey)) this.selectedKey = undefined;
    if (!this.focusKey || !this.find(this.focusKey)) this.focusKey = this.selectedKey ?? this.firstKey();
    this.applyRovingState();
    this.layoutRuler();
    this.onSelect(this.selectedKey ? this.find(this.selectedKey) : undefined);
  }

  /** Selects a block by track and segment index (used by tests and by restoring a selection). */
  select(key: string | undefined, focus = false): void {
    this.selectedKey = key && this.find(key) ? key : undefined;
    if (this.selectedKey) this.focusKey = this.selectedKey;
    this.applyRovingState();
    if (focus && this.focusKey) this.blockFor(this.focusKey)?.focus();
    this.onSelect(this.selectedKey ? this.find(this.selectedKey) : undefined);
  }

  private makeLane(index: number): LaneParts {
    const icon = el('span', { class: 'lane-icon', 'aria-hidden': 'true' });
    const label = el('span', { class: 'lane-label' });
    const head = el('div', { class: 'lane-head' }, icon, label);
    const body = el('div', { class: 'lane-body', role: 'listbox', 'aria-orientation': 'horizontal' });
    const root = el('div', { class: 'lane', 'data-track': index }, head, body);
    const lane = { root, head, icon, label, body, blocks: new Map<number, HTMLElement>() };
    this.lanes.set(index, lane);
    return lane;
  }

  private patchLane(lane: LaneParts, track: ViewTrack): void {
    const label = trackLabel(track);
    setAttr(lane.root, 'data-kind', track.kind);
    lane.root.classList.toggle('changed', track.changed);
    setText(lane.icon, TRACK_ICONS[track.kind]);
    setText(lane.label, label);
    setAttr(lane.head, 'title', label);
    setAttr(lane.body, 'aria-label', l10n.t('Track {0}: {1}', String(track.index + 1), label));

    const { rows, count } = packRows(track.segments);
    setStyle(lane.root, '--rows', String(count));
    const seen = new Set<number>();
    const fresh = document.createDocumentFragment(); // new blocks go in with one insertion
    track.segments.forEach((segment, i) => {
      seen.add(segment.index);
      let block = lane.blocks.get(segment.index);
      if (!block) {
        block = el('div', { class: 'segment', role: 'option', tabindex: -1, 'data-key': key(track.index, segment.index) }, el('span', { class: 'segment-label' }));
        lane.blocks.set(segment.index, block);
        fresh.append(block);
      }
      this.patchBlock(block, track, segment, rows[i]);
    });
    lane.body.append(fresh);
    for (const [index, block] of lane.blocks) {
      if (!seen.has(index)) {
        block.remove();
        lane.blocks.delete(index);
      }
    }
  }

  private patchBlock(block: HTMLElement, track: ViewTrack, s: ViewSegment, row: number): void {
    const left = percentAt(s.startMs, this.spanMs);
    const width = percentAt(s.startMs + s.durationMs, this.spanMs) - left;
    setStyle(block, 'left', `${left}%`);
    setStyle(block, 'width', `${width}%`);
    setStyle(block, '--row', String(row));
    block.classList.toggle('changed', s.changed);
    setAttr(block, 'aria-label', segmentAriaLabel(track.kind, s));
    setAttr(block, 'title', segmentLabel(track.kind, s));
    setText(block.firstChild as HTMLElement, segmentLabel(track.kind, s));
  }

  private setZoom(level: number): void {
    this.zoom = Math.max(0, Math.min(MAX_ZOOM, level));
    this.applyZoom();
  }

  private applyZoom(): void {
    const px = Math.round((this.spanMs / 1000) * BASE_PX_PER_S * 2 ** this.zoom);
    setStyle(this.inner, '--content-width', `${px}px`);
  }

  private layoutRuler(): void {
    const width = this.ruler.clientWidth;
    if (width === this.rulerWidth && this.ruler.dataset.span === String(this.spanMs)) return;
    this.rulerWidth = width;
    this.ruler.dataset.span = String(this.spanMs);
    const ticks = rulerTicks(this.spanMs, width);
    // Positions go through CSSOM: the CSP has no 'unsafe-inline', so style attributes would be dropped.
    this.ruler.replaceChildren(...ticks.map((t) => {
      const tick = el('span', { class: t.major ? 'tick major' : 'tick' }, t.label);
      setStyle(tick, 'left', `${t.percent}%`);
      return tick;
    }));
  }

  private onClick(e: MouseEvent): void {
    const block = (e.target as Element).closest<HTMLElement>('.segment');
    if (block?.dataset.key) this.select(block.dataset.key, true);
  }

  private onKey(e: KeyboardEvent): void {
    const current = this.focusKey ? this.position(this.focusKey) : undefined;
    if (!current) return;
    const { lane, at } = current;
    let target: ViewSegment | undefined;
    let targetLane = lane;
    switch (e.key) {
      case 'ArrowRight': target = this.navigation[lane].segments[at + 1]; break;
      case 'ArrowLeft': target = this.navigation[lane].segments[at - 1]; break;
      case 'Home': target = this.navigation[lane].segments[0]; break;
      case 'End': target = this.navigation[lane].segments.at(-1); break;
      case 'ArrowDown':
      case 'ArrowUp': {
        const from = this.navigation[lane].segments[at];
        targetLane = this.nextLaneWithSegments(lane, e.key === 'ArrowDown' ? 1 : -1);
        if (targetLane !== lane) target = nearest(this.navigation[targetLane].segments, from.startMs);
        break;
      }
      case 'Enter':
      case ' ':
        this.select(this.focusKey, true);
        e.preventDefault();
        return;
      case 'Escape':
        this.select(undefined);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (target) this.select(key(this.navigation[targetLane].track.index, target.index), true);
  }

  private nextLaneWithSegments(from: number, step: 1 | -1): number {
    for (let i = from + step; i >= 0 && i < this.navigation.length; i += step) {
      if (this.navigation[i].segments.length > 0) return i;
    }
    return from;
  }

  private applyRovingState(): void {
    for (const lane of this.lanes.values()) {
      for (const block of lane.blocks.values()) {
        const k = block.dataset.key;
        setAttr(block, 'tabindex', k === this.focusKey ? 0 : -1);
        setAttr(block, 'aria-selected', k === this.selectedKey ? 'true' : 'false');
        block.classList.toggle('selected', k === this.selectedKey);
      }
    }
  }

  private position(k: string): { lane: number; at: number } | undefined {
    const [t, s] = k.split(':').map(Number);
    const lane = this.navigation.findIndex((n) => n.track.index === t);
    if (lane === -1) return undefined;
    const at = this.navigation[lane].segments.findIndex((seg) => seg.index === s);
    return at === -1 ? undefined : { lane, at };
  }

  private find(k: string): SelectedSegment | undefined {
    const p = this.position(k);
    return p && { track: this.navigation[p.lane].track, segment: this.navigation[p.lane].segments[p.at] };
  }

  private firstKey(): string | undefined {
    const lane = this.navigation.find((n) => n.segments.length > 0);
    return lane && key(lane.track.index, lane.segments[0].index);
  }

  private blockFor(k: string): HTMLElement | undefined {
    const [t, s] = k.split(':').map(Number);
    return this.lanes.get(t)?.blocks.get(s);
  }
}

function key(track: number, segment: number): string {
  return `${track}:${segment}`;
}

function nearest(segments: ViewSegment[], ms: number): ViewSegment | undefined {
  let best: ViewSegment | undefined;
  for (const s of segments) if (!best || Math.abs(s.startMs - ms) < Math.abs(best.startMs - ms)) best = s;
  return best;
}
