// The words for tracks and segments, shared by the summary line and the change descriptions,
// so both always call a thing by the same name. Names and texts come from the backend and sit in
// one-line contexts (the summary line, a list of changes): one clean line each.
import * as l10n from '@vscode/l10n';
import { oneLineText } from '../shared/safeText';
import type { Segment, Track } from './model';

/** Milliseconds as seconds, at most one decimal: 10000 → "10", 2500 → "2.5". */
export function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/** "0-10s" */
export function timeRange(seg: Segment): string {
  return l10n.t('{0}-{1}s', seconds(seg.start), seconds(seg.start + seg.duration));
}

/** 0.35 → "35%" */
export function percent(volume: number): string {
  return l10n.t('{0}%', Math.round(volume * 100));
}

const isVoice = (seg: Segment | undefined) => /voice|narrat|旁白|配音/i.test(seg?.style ?? '');
// "subtitle" is running text under the picture, not a title: it reads as Text.
const isTitle = (seg: Segment | undefined) => /(?<!sub)title|标题/i.test(seg?.style ?? '');

/** The heading of a track in the summary: "Video", "BGM", "Title", ... (decided by its first segment). */
export function trackHeading(track: Track): string {
  const first = track.segments[0];
  switch (track.kind) {
    case 'video': return l10n.t('Video');
    case 'audio': return isVoice(first) ? l10n.t('Voiceover') : l10n.t('BGM');
    case 'text': return isTitle(first) ? l10n.t('Title') : l10n.t('Text');
    case 'other': return l10n.t('Other');
  }
}

/** The last part of a media URL or path, without query: ".../clip.mp4?x=1" → "clip.mp4". */
function fileName(src: string): string {
  const path = src.split(/[?#]/)[0] ?? '';
  return decodeURIComponentSafe(path.split('/').filter(Boolean).pop() ?? '');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What a segment shows as: its text (quoted) on a text track, else its name, file name or a placeholder. */
export function segmentName(kind: Track['kind'], seg: Segment): string {
  if (kind === 'text' && seg.text !== undefined) return oneLineText(`"${seg.text}"`);
  return oneLineText(seg.name ?? (seg.src ? fileName(seg.src) : undefined) ?? (seg.text !== undefined ? `"${seg.text}"` : l10n.t('untitled')));
}

/** A segment as the object of a sentence: 'video clip "beach"', 'music "Lo-fi"', 'title "Tick"'. */
export function segmentNoun(kind: Track['kind'], seg: Segment): string {
  return oneLineText(nounOf(kind, seg));
}

function nounOf(kind: Track['kind'], seg: Segment): string {
  const name = seg.name ?? (seg.src ? fileName(seg.src) : undefined);
  switch (kind) {
    case 'video': return name ? l10n.t('video clip "{0}"', name) : l10n.t('a video clip');
    case 'audio':
      if (isVoice(seg)) return name ? l10n.t('voiceover "{0}"', name) : l10n.t('the voiceover');
      return name ? l10n.t('music "{0}"', name) : l10n.t('the music');
    case 'text':
      if (seg.text === undefined) return isTitle(seg) ? l10n.t('the title') : l10n.t('a text overlay');
      return isTitle(seg) ? l10n.t('title "{0}"', seg.text) : l10n.t('text "{0}"', seg.text);
    case 'other': return name ? l10n.t('segment "{0}"', name) : l10n.t('a segment');
  }
}

/** A whole track as the object of a sentence: "the background music", "the video track", ... */
export function trackNoun(track: Track): string {
  const first = track.segments[0];
  switch (track.kind) {
    case 'video': return l10n.t('the video track');
    case 'audio': return isVoice(first) ? l10n.t('the voiceover') : l10n.t('the background music');
    case 'text': return isTitle(first) ? l10n.t('the title') : l10n.t('the text track');
    case 'other': return l10n.t('a track of type {0}', String(track.type));
  }
}
