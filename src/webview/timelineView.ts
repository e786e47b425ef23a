// The ruler and the lanes. Elements are keyed by track and segment index and patched in place
// on every update, so an edit that moves one block touches one block. Positions are percentages
// of the timeline's span: resizing the panel moves nothing in script (only the ruler's tick
// density is recomputed). Only blocks within half a screen of the visible time range are in the
// DOM (plus the focused and selected ones), so a draft of thousands of segments draws in a few
// milliseconds; scrolling brings the rest in. A new view draws the blocks on screen first and
// fills the margins once the page is idle after its first paint. Keyboard: one tab stop (roving tabindex); arrows
// move between blocks, in the model, so an off-screen neighbour is found and scrolled to.
//
// Geometry is never read after a DOM write in the same task: that would force the browser to lay
// the page out in the middle of an update and again for the frame. Sizes come from
// ResizeObservers and the scroll position from the scroll frame (both run where layout is clean);
// an update predicts the ruler's new width from the zoom arithmetic, and the observer redraws in
// the same frame if the prediction was off (e.g. a scrollbar appeared).
import * as l10n from '@vscode/l10n';
import type { UnreadableDraftNote, ViewDraft, ViewSegment, ViewTrack } from '../shared/protocol';
import { el, setAttr, setStyle, setText } from './dom';
import {
  packRows, percentAt, rulerTicks, segmentAriaLabel, segmentLabel, timelineSpanMs, TRACK_ICONS, trackLabel,
} from './layout';

export interface SelectedSegment { track: ViewTrack; segment: ViewSegment }

interface LaneParts { root: HTMLElement; head: HTMLElement; icon: HTMLElement; label: HTMLElement; body: HTMLElement; blocks: Map<number, HTMLElement> }

// Minimum pixels per second at zoom level 0; each level doubles it.
const BASE_PX_PER_S = 6;
const MAX_ZOOM = 8;
/** A new view's off-screen margins are drawn when the page is idle, and at the latest this long after. */
const MARGINS_TIMEOUT_MS = 500;

export class TimelineView {
  readonly root: HTMLElement;
  private readonly inner: HTMLElement;
  private readonly ruler: HTMLElement;
  private readonly lanesEl: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly lanes = new Map<number, LaneParts>();
  private spanMs = 0;
  private zoom = 0;
  private selectedKey: string | undefined;
  private focusKey: string | undefined;
  // Blocks of each lane sorted by start: what the arrow keys walk.
  private navigation: { track: ViewTrack; segments: ViewSegment[] }[] = [];
  /** Ruler width the ticks were laid out for. */
  private rulerWidth = 0;
  /** Ruler width the blocks in the DOM were chosen for. */
  private blocksWidth = 0;
  /** The geometry (see geometryKey) the blocks in the DOM were chosen for. */
  private blocksDrawnFor = '';
  /** Blocks in the margins wait for the frame after a new view's first paint (see renderBlocks). */
  private marginsPending = false;
  // Last measured geometry (see the header comment): scroller width, lane heading width, scroll.
  private viewWidth = 0;
  private headWidth = 0;
  private scrollLeft = 0;
  private measuredRulerWidth = 0;
  private measured = false;
  private readonly rulerHead: HTMLElement;
  private tracks: ViewTrack[] = [];
  private readonly rows = new Map<number, number[]>(); // track index → row of each segment
  private positions = new Map<ViewSegment, number>(); // segment → 1-based place in its lane's time order
  private readonly scroller: HTMLElement;
  private scrollFrame = 0;
  private readonly drawn = new WeakMap<HTMLElement, string>();

  constructor(private readonly onSelect: (selection: SelectedSegment | undefined) => void) {
    this.ruler = el('div', { class: 'ruler-ticks' });
    this.rulerHead = el('div', { class: 'ruler-head' });
    this.lanesEl = el('div', { class: 'lanes', role: 'group', 'aria-label': l10n.t('Tracks') });
    this.inner = el('div', { class: 'timeline-inner' },
      el('div', { class: 'ruler', 'aria-hidden': 'true' }, this.rulerHead, this.ruler),
      this.lanesEl);
    this.empty = el('p', { class: 'empty' }, l10n.t('No timeline yet. Describe a video below to make one.'));
    this.notice = el('p', { class: 'draft-notice', role: 'status', hidden: '' });
    const zoomOut = el('button', { type: 'button', class: 'icon-button', 'aria-label': l10n.t('Zoom out'), title: l10n.t('Zoom out') }, '−');
    const zoomIn = el('button', { type: 'button', class: 'icon-button', 'aria-label': l10n.t('Zoom in'), title: l10n.t('Zoom in') }, '+');
    zoomOut.addEventListener('click', () => this.setZoom(this.zoom - 1));
    zoomIn.addEventListener('click', () => this.setZoom(this.zoom + 1));
    this.scroller = el('div', { class: 'timeline-scroll' }, this.inner);
    const scroller = this.scroller;
    scroller.addEventListener('scroll', () => {
      if (this.scrollFrame) return;
      this.scrollFrame = requestAnimationFrame(() => {
        this.scrollFrame = 0;
        this.scrollLeft = scroller.scrollLeft; // read before this frame's writes
        this.renderBlocks(this.blocksWidth);
      });
    }, { passive: true });
    this.root = el('section', { class: 'timeline', 'aria-label': l10n.t('Timeline') },
      el('div', { class: 'timeline-tools' }, zoomOut, zoomIn), this.empty, this.notice, scroller);
    this.lanesEl.addEventListener('click', (e) => this.onClick(e));
    this.lanesEl.addEventListener('keydown', (e) => this.onKey(e));
    const observer = new ResizeObserver((entries) => this.onResize(entries));
    for (const target of [this.scroller, this.rulerHead, this.ruler]) observer.observe(target);
  }

  /** `unreadable`: the session has a draft in a format this page cannot draw; said instead of "no timeline yet". */
  update(draft: ViewDraft | undefined, unreadable?: UnreadableDraftNote): void {
    // Before the first resize notification (a message right after load): measure once, before any write.
    if (!this.measured) this.measure();
    const tracks = draft?.tracks ?? [];
    this.tracks = tracks;
    this.empty.hidden = tracks.length > 0 || unreadable !== undefined;
    this.notice.hidden = unreadable === undefined;
    setText(this.notice, unreadable
      ? l10n.t('This version cannot draw this timeline: it is in {0}. It is still there: Export still works, and Open in Web Editor shows it.', unreadable.formatName)
      : '');
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
        this.rows.delete(index);
      }
    }
    this.navigation = tracks.map((track) => ({ track, segments: [...track.segments].sort((a, b) => a.startMs - b.startMs || a.index - b.index) }));
    this.positions = new Map();
    for (const n of this.navigation) n.segments.forEach((seg, i) => this.positions.set(seg, i + 1));
    if (this.selectedKey && !this.find(this.selectedKey)) this.selectedKey = undefined;
    if (!this.focusKey || !this.find(this.focusKey)) this.focusKey = this.selectedKey ?? this.firstKey();
    const width = this.predictedRulerWidth();
    this.renderBlocks(width, true);
    this.layoutRuler(width);
    this.onSelect(this.selectedKey ? this.find(this.selectedKey) : undefined);
  }

  /** Selects a block by track and segment index (used by tests and by restoring a selection). */
  select(key: string | undefined, focus = false): void {
    this.selectedKey = key && this.find(key) ? key : undefined;
    if (this.selectedKey) this.focusKey = this.selectedKey;
    this.renderBlocks(this.blocksWidth); // brings the focused block into the DOM if it was off-screen
    const block = this.focusKey ? this.blockFor(this.focusKey) : undefined;
    if (focus && block) {
      block.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      block.focus({ preventScroll: true });
    }
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
    this.rows.set(track.index, rows);
    setStyle(lane.root, '--rows', String(count));
  }

  /** Reads every size and the scroll position: only where layout is clean, or before any write. */
  private measure(): void {
    this.measured = true;
    this.viewWidth = this.scroller.clientWidth;
    this.headWidth = this.rulerHead.clientWidth;
    this.measuredRulerWidth = this.ruler.clientWidth;
    this.scrollLeft = this.scroller.scrollLeft;
  }

  /** After layout: take the new sizes, and redraw if the ruler is not as wide as last drawn for. */
  private onResize(entries: ResizeObserverEntry[]): void {
    this.measured = true;
    for (const entry of entries) {
      // Content boxes (no padding on these elements), rounded as clientWidth is.
      const width = Math.round(entry.contentRect.width);
      if (entry.target === this.scroller) this.viewWidth = width;
      else if (entry.target === this.rulerHead) this.headWidth = width;
      else this.measuredRulerWidth = width;
    }
    this.scrollLeft = this.scroller.scrollLeft;
    const width = this.inner.hidden ? 0 : this.measuredRulerWidth;
    this.layoutRuler(width);
    // Usually the update predicted this layout right: then there is nothing to redo.
    if (this.blocksDrawnFor !== this.geometryKey(width)) this.renderBlocks(width);
  }

  private geometryKey(rulerWidth: number): string {
    return `${rulerWidth} ${this.viewWidth} ${this.scrollLeft} ${this.spanMs}`;
  }

  /**
   * The ruler's width once the current zoom is laid out, from what was last measured: the inner
   * area is as wide as the scroller or as the heading plus the content, whichever is wider.
   */
  private predictedRulerWidth(): number {
    if (this.inner.hidden) return 0;
    const contentPx = this.contentPx();
    return Math.max(this.viewWidth, this.headWidth + contentPx) - this.headWidth;
  }

  /**
   * Adds, patches and removes blocks so the DOM holds those near the visible time range. With
   * `screenFirst` (a new view), blocks are added only on screen now and in the margins after
   * this frame is painted: the first paint does not wait for blocks nobody sees yet.
   */
  private renderBlocks(rulerWidth: number, screenFirst = false): void {
    this.blocksWidth = rulerWidth;
    this.blocksDrawnFor = this.geometryKey(rulerWidth);
    const [from, to] = this.visibleRange(rulerWidth, 0.5);
    const [addFrom, addTo] = screenFirst ? this.visibleRange(rulerWidth, 0) : [from, to];
    let deferred = false;
    for (const track of this.tracks) {
      const lane = this.lanes.get(track.index);
      const rows = this.rows.get(track.index);
      if (!lane || !rows) continue;
      const wanted = new Set<number>();
      const fresh = document.createDocumentFragment(); // new blocks go in with one insertion
      track.segments.forEach((segment, i) => {
        const k = key(track.index, segment.index);
        const near = segment.startMs <= to && segment.startMs + segment.durationMs >= from;
        if (!near && k !== this.focusKey && k !== this.selectedKey) return;
        let block = lane.blocks.get(segment.index);
        if (!block && near && (segment.startMs > addTo || segment.startMs + segment.durationMs < addFrom)) {
          deferred = true;
          return;
        }
        wanted.add(segment.index);
        if (!block) {
          block = blockPrototype().cloneNode(true) as HTMLElement; // one clone costs less than building it
          block.dataset.key = k;
          lane.blocks.set(segment.index, block);
          fresh.append(block);
        }
        this.patchBlock(block, track, segment, rows[i]);
      });
      lane.body.append(fresh);
      for (const [index, block] of lane.blocks) {
        if (!wanted.has(index)) {
          block.remove();
          lane.blocks.delete(index);
        }
      }
    }
    this.applyRovingState();
    if (deferred && !this.marginsPending) {
      this.marginsPending = true;
      // Once the frame is painted and the page has nothing else to do (a scroll before then draws
      // the range it needs itself); the timeout only bounds how long a busy page puts it off.
      requestIdleCallback(() => {
        this.marginsPending = false;
        this.renderBlocks(this.blocksWidth);
      }, { timeout: MARGINS_TIMEOUT_MS });
    }
  }

  /** The time range on screen, with `margin` screens' worth either side (time area `width` wide). */
  private visibleRange(width: number, margin: number): [number, number] {
    if (width <= 0 || this.spanMs === 0) return [0, -1]; // not laid out (hidden): only focus/selection
    // The screen's time area: the sticky lane headings cover the rest of the scroller's width.
    const view = Math.max(0, this.viewWidth - this.headWidth);
    const msPerPx = this.spanMs / width;
    return [(this.scrollLeft - margin * view) * msPerPx, (this.scrollLeft + (1 + margin) * view) * msPerPx];
  }

  private patchBlock(block: HTMLElement, track: ViewTrack, s: ViewSegment, row: number): void {
    // Everything the block shows, in one string: an unchanged block costs one comparison.
    const position = this.positions.get(s) ?? 0;
    const drawn = [track.kind, s.startMs, s.durationMs, row, this.spanMs, s.changed, s.name, s.text, s.volumePercent, position, track.segments.length].join('\u0000');
    if (this.drawn.get(block) === drawn) return;
    this.drawn.set(block, drawn);
    const left = percentAt(s.startMs, this.spanMs);
    const width = percentAt(s.startMs + s.durationMs, this.spanMs) - left;
    // One CSSOM write for the place (the block has no other inline style).
    block.style.cssText = `left:${left}%;width:${width}%;--row:${row}`;
    block.classList.toggle('changed', s.changed);
    const label = segmentLabel(track.kind, s);
    setAttr(block, 'aria-label', segmentAriaLabel(track.kind, s, label));
    setAttr(block, 'title', label);
    // Only nearby blocks exist in the DOM: tell assistive technology where this one sits.
    setAttr(block, 'aria-posinset', position);
    setAttr(block, 'aria-setsize', track.segments.length);
    setText(block, label); // the block's only child: its words
  }

  private setZoom(level: number): void {
    this.zoom = Math.max(0, Math.min(MAX_ZOOM, level));
    this.applyZoom();
  }

  private applyZoom(): void {
    setStyle(this.inner, '--content-width', `${this.contentPx()}px`);
  }

  private contentPx(): number {
    return Math.round((this.spanMs / 1000) * BASE_PX_PER_S * 2 ** this.zoom);
  }

  private layoutRuler(width: number): void {
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
    // Keys from the maps, not block.dataset: a dataset read per block costs more than the string.
    for (const [trackIndex, lane] of this.lanes) {
      for (const [segmentIndex, block] of lane.blocks) {
        const k = key(trackIndex, segmentIndex);
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

/** A block as first inserted (words, place and state are patched in); built on first use. */
let blockTemplate: HTMLElement | undefined;
function blockPrototype(): HTMLElement {
  // The label is the block's own text: one element less per block to clone, style and lay out.
  blockTemplate ??= el('div', { class: 'segment', role: 'option', tabindex: -1, 'aria-selected': 'false' });
  return blockTemplate;
}

function key(track: number, segment: number): string {
  return `${track}:${segment}`;
}

function nearest(segments: ViewSegment[], ms: number): ViewSegment | undefined {
  let best: ViewSegment | undefined;
  for (const s of segments) if (!best || Math.abs(s.startMs - ms) < Math.abs(best.startMs - ms)) best = s;
  return best;
}
