// Names for the MP4s we write. They are always made here, from text the user recognises (the draft's
// title or the prompt) and the time, and never taken from the server: a name from the network could
// hold "../", a reserved device name or a path the user never chose.

export const FALLBACK_SLUG = 'nemo-video';
const MAX_SLUG_CHARS = 60;

// Letters NFKD does not decompose into ASCII.
const FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ħ: 'h',
};

// Scripts kept as they are: a Chinese or Japanese title stays readable in the file name.
const KEPT_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * "Urban Dreams!" → "urban-dreams"; "Café déjà vu" → "cafe-deja-vu"; "城市之梦" → "城市之梦";
 * text with nothing usable → "nemo-video". Only [a-z0-9-] and CJK characters survive, so the result
 * can never contain a separator, a dot or a control character.
 */
export function slugify(text: string | undefined): string {
  if (text === undefined) return FALLBACK_SLUG;
  let out = '';
  for (const original of text.normalize('NFC')) {
    // CJK stays whole (decomposing would drop the dakuten of が or split Hangul into jamo);
    // everything else is decomposed and loses its accents: é → e.
    if (KEPT_SCRIPT.test(original)) {
      out += original;
      continue;
    }
    for (const ch of original.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()) {
      if (/[a-z0-9]/.test(ch)) out += ch;
      else if (Object.hasOwn(FOLDS, ch)) out += FOLDS[ch];
      else out += '-';
    }
  }
  const chars = [...out.replace(/-+/g, '-').replace(/^-|-$/g, '')];
  const slug = chars.slice(0, MAX_SLUG_CHARS).join('').replace(/-$/, '');
  return slug === '' ? FALLBACK_SLUG : slug;
}

/** YYYYMMDD-HHMMSS in local time: what the user sees on their clock. */
export function timestamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

/** "<slug>-<YYYYMMDD-HHMMSS>.mp4" from a title or a prompt. */
export function videoFileName(titleOrPrompt: string | undefined, now: Date = new Date()): string {
  return `${slugify(titleOrPrompt)}-${timestamp(now)}.mp4`;
}

/** True when `name` is a bare file name we could have made (no separators, no "..", not hidden). */
export function isPlainFileName(name: string): boolean {
  return /^[^/\\\0]+$/.test(name) && !name.startsWith('.') && name.length <= 255;
}

