// Whether a downloaded MP4 is whole: its top-level boxes must tile the file exactly and include a
// `moov` (the index a player needs). A CDN that declares a Content-Length shorter than the video
// hands over a cut file whose byte count matches what was announced; only the container shows it.
// Reads one 16-byte header per top-level box (a handful), never the media data.
import { open } from 'node:fs/promises';

/** Why the file at `path` (of `size` bytes) is not a whole MP4, or undefined when it is. */
export async function mp4Incomplete(path: string, size: number): Promise<string | undefined> {
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(16);
    let offset = 0;
    let moov = false;
    while (offset < size) {
      const { bytesRead } = await file.read(header, 0, 16, offset);
      if (bytesRead < 8) return 'a box header is cut off';
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (boxSize === 1) {
        if (bytesRead < 16) return 'a box header is cut off';
        boxSize = Number(header.readBigUInt64BE(8));
      } else if (boxSize === 0) {
        boxSize = size - offset; // "to the end of the file"
      }
      if (boxSize < 8) return `the ${type} box has an impossible size`;
      if (offset + boxSize > size) return `the ${type} box runs past the end of the file`;
      if (type === 'moov') moov = true;
      offset += boxSize;
    }
    return moov ? undefined : 'it has no moov box';
  } finally {
    await file.close();
  }
}
