import assert from 'node:assert/strict';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { installHintFor, locateFfmpeg } from '../../../src/localRender/ffmpegLocator';

describe('locateFfmpeg', () => {
  let dir: string;
  let binDir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nemo-ffloc-'));
    binDir = join(dir, 'bin');
    await mkdir(binDir);
    // A real ffmpeg under the plain name, so the PATH search finds it like a person's install.
    await copyFile(ffmpegInstaller.path, join(binDir, 'ffmpeg'));
    await chmod(join(binDir, 'ffmpeg'), 0o755);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('finds ffmpeg on PATH and runs it for its version', async () => {
    const loc = await locateFfmpeg({ env: { PATH: `${join(dir, 'nothing')}:${binDir}` }, platform: 'linux' });
    assert.equal(loc.found, true);
    assert.ok(loc.found && loc.path === join(binDir, 'ffmpeg') && loc.source === 'path');
    assert.ok(loc.found && /\d/.test(loc.version), 'a version string');
  });

  it('prefers the setting over NEMO_FFMPEG over PATH', async () => {
    const env = { PATH: binDir, NEMO_FFMPEG: ffmpegInstaller.path };
    const bySetting = await locateFfmpeg({ setting: join(binDir, 'ffmpeg'), env, platform: 'linux' });
    assert.deepEqual(bySetting.found && [bySetting.source, bySetting.path], ['setting', join(binDir, 'ffmpeg')]);
    const byEnv = await locateFfmpeg({ setting: '  ', env, platform: 'linux' });
    assert.deepEqual(byEnv.found && [byEnv.source, byEnv.path], ['env', ffmpegInstaller.path]);
  });

  it('says which setting points nowhere instead of falling back silently', async () => {
    const loc = await locateFfmpeg({ setting: join(dir, 'missing-ffmpeg'), env: { PATH: binDir }, platform: 'linux' });
    assert.equal(loc.found, false);
    assert.ok(!loc.found && loc.message.includes('nemo.ffmpegPath') && loc.message.includes('missing-ffmpeg'), !loc.found ? loc.message : '');
    const env = await locateFfmpeg({ env: { PATH: binDir, NEMO_FFMPEG: binDir }, platform: 'linux' });
    assert.ok(!env.found && env.message.includes('NEMO_FFMPEG'));
  });

  it('a file that is not ffmpeg is reported as not runnable', async () => {
    const fake = join(dir, 'fake-ffmpeg');
    await writeFile(fake, '#!/bin/sh\necho hello\n');
    await chmod(fake, 0o755);
    const loc = await locateFfmpeg({ setting: fake, env: {}, platform: 'linux' });
    assert.ok(!loc.found && loc.message.includes(fake), JSON.stringify(loc));
  });

  it('missing on PATH: the message carries the install command for this OS', async () => {
    const loc = await locateFfmpeg({ env: { PATH: join(dir, 'nothing') }, platform: 'linux', osRelease: 'ID=ubuntu\nID_LIKE=debian\n' });
    assert.equal(loc.found, false);
    assert.ok(!loc.found && loc.message.includes('sudo apt install ffmpeg') && loc.message.includes('nemo.ffmpegPath'));
    assert.ok(!loc.found && loc.installHint.includes('sudo apt install ffmpeg'));
  });

  it('install commands per OS and Linux family', async () => {
    assert.match(await installHintFor('darwin'), /brew install ffmpeg/);
    assert.match(await installHintFor('win32'), /winget install --id Gyan\.FFmpeg/);
    assert.match(await installHintFor('linux', 'ID="fedora"\n'), /sudo dnf install ffmpeg/);
    assert.match(await installHintFor('linux', 'ID=rocky\nID_LIKE="rhel centos fedora"\n'), /sudo dnf install ffmpeg/);
    assert.match(await installHintFor('linux', 'ID=arch\n'), /sudo pacman -S ffmpeg/);
    assert.match(await installHintFor('linux', 'ID=alpine\n'), /sudo apk add ffmpeg/);
    assert.match(await installHintFor('linux', 'ID=opensuse-tumbleweed\nID_LIKE="opensuse suse"\n'), /zypper install ffmpeg/);
  });
});
