import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { FALLBACK_SLUG, isPlainFileName, slugify, timestamp, videoFileName } from '../../../src/nemo/fileNames';
import { writeNewFile } from '../../../src/nemo/atomicFile';

describe('fileNames', () => {
  it('slugs a title: lower case, ASCII-folded, dashes between words', () => {
    assert.equal(slugify('Urban Dreams!'), 'urban-dreams');
    assert.equal(slugify('  Café déjà vu  '), 'cafe-deja-vu');
    assert.equal(slugify('Straße & Œuvre, Ørsted'), 'strasse-oeuvre-orsted');
    assert.equal(slugify("make a 10-second product demo of a smartwatch with 'Tick'"), 'make-a-10-second-product-demo-of-a-smartwatch-with-tick');
  });

  it('keeps CJK readable and falls back when nothing usable is left', () => {
    assert.equal(slugify('城市之梦'), '城市之梦');
    assert.equal(slugify('東京 ナイト 2'), '東京-ナイト-2');
    assert.equal(slugify('서울의 밤'), '서울의-밤');
    assert.equal(slugify('ガンダム'), 'ガンダム');
    assert.equal(slugify('🎬🎬 !!!'), FALLBACK_SLUG);
    assert.equal(slugify(''), FALLBACK_SLUG);
    assert.equal(slugify(undefined), FALLBACK_SLUG);
  });

  it('never lets a separator, a dot or a traversal through', () => {
    for (const evil of ['../../etc/passwd', '..\\..\\windows\\system32', '/abs/path', 'a\0b', '.hidden', 'con.mp4', 'x/../../y']) {
      const s = slugify(evil);
      assert.match(s, /^[a-z0-9\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}-]+$/u, evil);
      const name = videoFileName(evil, new Date(2026, 0, 2, 3, 4, 5));
      assert.equal(basename(name), name);
      assert.ok(isPlainFileName(name));
    }
  });

  it('caps long titles without leaving a trailing dash or splitting a character', () => {
    const s = slugify('word '.repeat(40));
    assert.ok([...s].length <= 60);
    assert.ok(!s.endsWith('-'));
    const cjk = slugify('梦'.repeat(100));
    assert.equal([...cjk].length, 60);
  });

  it('stamps local time as YYYYMMDD-HHMMSS and ends in .mp4', () => {
    const at = new Date(2026, 10, 28, 4, 5, 6);
    assert.equal(timestamp(at), '20261128-040506');
    assert.equal(videoFileName('Urban Dreams', at), 'urban-dreams-20261128-040506.mp4');
    assert.equal(videoFileName(undefined, at), 'nemo-video-20261128-040506.mp4');
  });

  it('a new video takes -2, -3 when the name is taken, never replacing a file (a dangling symlink counts as taken)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nemo-names-'));
    const name = join(dir, 'tick-20261128-040506.mp4');
    const save = async (text: string) => (await writeNewFile(name, (tmp) => writeFile(tmp, text))).path;
    try {
      assert.equal(await save('one'), name);
      const second = await save('two');
      assert.equal(second, join(dir, 'tick-20261128-040506-2.mp4'));
      await rm(second);
      await symlink(join(dir, 'nowhere'), second);
      assert.equal(await save('three'), join(dir, 'tick-20261128-040506-3.mp4'));
      assert.equal(await readFile(name, 'utf8'), 'one');
      assert.equal(dirname(second), dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('isPlainFileName refuses paths and hidden names', () => {
    assert.ok(isPlainFileName('a.mp4'));
    for (const bad of ['../a.mp4', 'a/b.mp4', 'a\\b.mp4', '.a.mp4', '', 'x'.repeat(256)]) assert.ok(!isPlainFileName(bad), bad);
  });
});
