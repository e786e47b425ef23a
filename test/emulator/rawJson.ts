// Finds the exact source text of a top-level member's value inside a JSON object's text, so a
// render can keep the draft byte-for-byte as the client sent it (tests compare those bytes).
// The text must already be valid JSON (JSON.parse it first); this only scans.

function skipWs(text: string, i: number): number {
  while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  return i;
}

function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  throw new Error('unterminated string');
}

function endOfValue(text: string, i: number): number {
  if (text[i] === '"') return endOfString(text, i);
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = endOfString(text, j) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new Error('unterminated value');
  }
  let j = i;
  while (j < text.length && !',}] \t\n\r'.includes(text[j])) j++;
  return j;
}

/** The raw text of `key`'s value in a JSON object text, or undefined when absent. Last one wins, like JSON.parse. */
export function rawMember(objectText: string, key: string): string | undefined {
  let i = skipWs(objectText, 0);
  if (objectText[i] !== '{') return undefined;
  i = skipWs(objectText, i + 1);
  let found: string | undefined;
  while (i < objectText.length && objectText[i] !== '}') {
    const keyEnd = endOfString(objectText, i);
    const name = JSON.parse(objectText.slice(i, keyEnd)) as string;
    i = skipWs(objectText, keyEnd);
    i = skipWs(objectText, i + 1); // the colon
    const valueEnd = endOfValue(objectText, i);
    if (name === key) found = objectText.slice(i, valueEnd);
    i = skipWs(objectText, valueEnd);
    if (objectText[i] === ',') i = skipWs(objectText, i + 1);
  }
  return found;
}
