// What a person does and sees with Nemo in the workbench: the generate flow, the timeline panel
// (inside the webview), the exported file. Shared by the scenarios.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { waitUntil } from '../../scripts/e2e/steps';
import type { Workbench } from '../../scripts/e2e/workbench';
import { probeVideo, type VideoInfo } from '../../scripts/e2e/workspace';
import { parseDraft } from '../../src/draft';

export const SMARTWATCH_PROMPT = "make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'";

/**
 * Runs "Nemo: Generate Video…" the way a newcomer does: types the description right into the first
 * step and presses Enter on it (the typed text is the first item), then Enter on the proposed answer
 * of every later step (aspect, length, music) until the timeline panel opens. Each step is
 * recognised by its title "(n/N)", so an Enter never lands on the previous step. `seen` is called
 * at the moments worth a picture (the typed description; each later step).
 */
export async function generateVideo(wb: Workbench, prompt: string, seen: (moment: string) => Promise<unknown> = async () => undefined): Promise<void> {
  const title = wb.page.locator('.quick-input-widget .quick-input-title');
  const stepNumber = async (): Promise<number | undefined> => {
    if (!(await wb.quickInput().isVisible())) return undefined;
    const m = /\((\d+)\/\d+\)/.exec(await title.innerText().catch(() => ''));
    return m ? Number(m[1]) : undefined;
  };
  await wb.runCommand('Nemo: Generate Video…');
  await waitUntil('step 1 of Generate Video', async () => ((await stepNumber()) === 1 ? true : undefined), 15_000, 100);
  await wb.quickInput().fill(prompt);
  // The person's words are offered as the first row: Enter takes them.
  const typedRow = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: prompt }).first();
  await typedRow.waitFor({ timeout: 15_000 });
  await seen('typed');
  await wb.page.keyboard.press('Enter');
  let answered = 1;
  await waitUntil('the timeline panel after the generate steps', async () => {
    if (await wb.page.locator('iframe.webview.ready').count()) return true;
    const n = await stepNumber();
    if (n !== undefined && n > answered) {
      answered = n;
      await seen(`step-${n}`);
      await wb.page.keyboard.press('Enter');
    }
    return undefined;
  }, 30_000, 200);
  assert.equal(answered, 4, 'Enter went through the four steps');
}

export function timeline(wb: Workbench): FrameLocator {
  return wb.webview();
}

/**
 * Watches the panel's last conversation entry until its turn ended (the `streaming` class gone):
 * the final reply text, and every distinct length the reply had while it was still streaming.
 */
export async function streamedReply(wb: Workbench, timeoutMs = 60_000): Promise<{ text: string; lengths: number[] }> {
  const entries = timeline(wb).locator('.conversation .entry');
  const lengths: number[] = [];
  const text = await waitUntil('the reply in the panel to finish streaming', async () => {
    if ((await entries.count()) === 0) return undefined;
    const entry = entries.last();
    const streaming = /\bstreaming\b/.test((await entry.getAttribute('class')) ?? '');
    const reply = await entry.locator('.reply-text').innerText();
    if (!streaming) return reply;
    if (reply.length > 0 && lengths[lengths.length - 1] !== reply.length) lengths.push(reply.length);
    return undefined;
  }, timeoutMs, 50);
  return { text, lengths };
}

/** The reply text the panel's conversation shows once the turn ended. */
export async function finishedReply(wb: Workbench, timeoutMs = 60_000): Promise<string> {
  return (await streamedReply(wb, timeoutMs)).text;
}

/** The lane labels the panel draws, e.g. ["Video", "BGM", "Title"]. */
export async function laneLabels(wb: Workbench, atLeast: number, timeoutMs = 30_000): Promise<string[]> {
  const lanes = timeline(wb).locator('.lanes .lane');
  await waitUntil(`${atLeast} lanes in the timeline`, async () => ((await lanes.count()) >= atLeast ? true : undefined), timeoutMs);
  return timeline(wb).locator('.lanes .lane .lane-label').allInnerTexts();
}

/** Waits for an MP4 in `<workspace>/videos` and returns its path. */
export async function exportedVideo(workspace: string, timeoutMs = 90_000): Promise<string> {
  const dir = join(workspace, 'videos');
  return waitUntil(`an MP4 in ${dir}`, () => {
    if (!existsSync(dir)) return undefined;
    const mp4 = readdirSync(dir).find((f) => f.endsWith('.mp4'));
    return mp4 ? join(dir, mp4) : undefined;
  }, timeoutMs, 250);
}

/** The canvas a draft renders at when its `m` names none (the contract's example and the emulator's default). */
const DEFAULT_CANVAS = { width: 1920, height: 1080 } as const;

/**
 * Checks an exported file the way a person would, with `ffmpeg -i`: an H.264 video at the draft's
 * canvas and of the draft's duration (±0.2 s). `draftJson` is the draft the backend held when the
 * export was asked for, read with the extension's own parser.
 */
export async function assertVideoOfDraft(file: string, draftJson: string | undefined): Promise<VideoInfo> {
  const draft = parseDraft(draftJson);
  assert.ok(draft, `the backend holds a draft for ${file}`);
  const video = await probeVideo(file);
  assert.equal(video.codec, 'h264', `${file} is H.264`);
  const canvas = [draft.width ?? DEFAULT_CANVAS.width, draft.height ?? DEFAULT_CANVAS.height];
  assert.deepEqual([video.width, video.height], canvas, `${file} has the draft's canvas`);
  const draftSeconds = draft.duration / 1000;
  assert.ok(Math.abs(video.durationS - draftSeconds) <= 0.2, `${file}: duration ${video.durationS} s, the draft says ${draftSeconds} s`);
  return video;
}

/** The export notification's stages, in the order they come. */
export const STAGES = ['Reading the timeline', 'Queued', 'Rendering', 'Downloading', 'Saved'] as const;

/**
 * Watches the export's progress notification until `done` resolves, collecting every distinct
 * message it showed ("Rendering 40% (0:03)" → "Rendering"), so a test can assert on the stages.
 */
export async function watchProgress<T>(wb: Workbench, title: RegExp, done: Promise<T>): Promise<{ result: T; stages: (typeof STAGES)[number][] }> {
  const stages = new Set<(typeof STAGES)[number]>();
  let finished = false;
  const result = done.finally(() => {
    finished = true;
  });
  while (!finished) {
    const texts = await wb.notificationToasts().allInnerTexts().catch(() => [] as string[]);
    for (const t of texts) {
      if (!title.test(t)) continue;
      const stage = STAGES.find((s) => t.includes(s));
      if (stage) stages.add(stage);
    }
    await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, 150))]);
  }
  return { result: await result, stages: [...stages] };
}
