// Reads a response body as text, up to a limit: a server that sends more (or never stops) costs
// the limit, not all of this process's memory. The body is destroyed the moment it goes over.
import type { Readable } from 'node:stream';

/** The body as UTF-8 text, or `tooLarge()` thrown once more than `maxBytes` arrived. */
export async function readBoundedText(body: Readable, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
