// Draft V3, the XML-like draft Nemo's newer tools speak (contract, "The draft"), as far as the
// emulator needs it. In `draftFormat: 'v3'` the state serves the session's draft in it, as a JSON
// string; a render of such a string is read back to the short-key draft to encode. The session
// keeps its short-key draft, so the agent edits it as always.
//
//   <draft version="3" duration="10000" width="1920" height="1080" title="Urban Dreams">
//     <track type="0"><clip start="0" duration="10000" name="city" src="https://…/gen_1.mp4"/></track>
//   </draft>
import type { Draft, Segment, Track } from './agent';

const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' };
const UNESCAPES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&lt;': '<', '&gt;': '>' };

function attrs(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => ` ${k}="${String(v).replace(/[&"<>]/g, (c) => ESCAPES[c])}"`)
    .join('');
}

function readAttrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w-]+)="([^"]*)"/g)) out[m[1]] = m[2].replace(/&(amp|quot|lt|gt);/g, (e) => UNESCAPES[e]);
  return out;
}

/** Attributes that are numbers in the short-key draft. */
const NUMERIC = new Set(['duration', 'start', 'type', 'width', 'height', 'vol']);

function typed(values: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, NUMERIC.has(k) && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v]));
}

/** The draft's V3 text. */
export function toDraftV3(draft: Draft): string {
  const tracks = draft.t.map((track) => {
    const clips = track.sg.map((s) => `<clip${attrs({ start: s.st, duration: s.d, ...s.m })}/>`).join('');
    return `  <track${attrs({ type: track.tt })}>${clips}</track>\n`;
  });
  return `<draft${attrs({ version: 3, duration: draft.d, ...draft.m })}>\n${tracks.join('')}</draft>`;
}

/**
 * The V3 text as the state's JSON string value. Slashes are escaped (`\/`, valid JSON that no
 * encoder writes by itself), so a client that decodes and re-encodes the draft is caught: export
 * must send these bytes back as they came.
 */
export function draftV3Json(draft: Draft): string {
  return JSON.stringify(toDraftV3(draft)).replace(/\//g, '\\/');
}

/** The short-key draft a V3 text describes, or undefined when it is not V3. */
export function fromDraftV3(text: string): Draft | undefined {
  const head = /<draft\b([^>]*)>/.exec(text);
  if (!head) return undefined;
  const { duration, ...m } = typed(readAttrs(head[1]));
  delete m.version;
  const t: Track[] = [...text.matchAll(/<track\b([^>]*)>([\s\S]*?)<\/track>/g)].map((tm) => {
    const sg: Segment[] = [...tm[2].matchAll(/<clip\b([^>]*?)\/>/g)].map((cm) => {
      const { start, duration: d, ...meta } = typed(readAttrs(cm[1]));
      return { st: Number(start) || 0, d: Number(d) || 0, m: meta };
    });
    return { tt: Number(typed(readAttrs(tm[1])).type) || 0, sg };
  });
  return { d: Number(duration) || 0, m, t };
}
