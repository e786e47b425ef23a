import assert from 'node:assert/strict';
import { creditsLine, examplePrompts, foldGenerateOptions, type GenerateOptions } from '../../../src/chat/replyWording';

describe('creditsLine', () => {
  const rows: Array<[number | undefined, number | undefined, string]> = [
    [200, 150, 'This turn used 50 credits; 150 left.'],
    [51, 50, 'This turn used 1 credit; 50 left.'],
    [150, 150, '150 credits left.'],
    [undefined, 1, '1 credit left.'],
    [100, 180, '180 credits left.'], // topped up during the turn: nothing "used"
    [100, undefined, ''],
    [undefined, undefined, ''],
  ];
  for (const [before, after, want] of rows) it(`${before} → ${after}`, () => assert.equal(creditsLine(before, after), want));
});

describe('foldGenerateOptions', () => {
  const prompt = 'a smartwatch product demo';
  const ask = (text: string): string => `Create a video: ${text}`;
  const rows: Array<[string, string, GenerateOptions, string]> = [
    ['no options', prompt, {}, ask(prompt)],
    ['all options', prompt, { ratio: '9:16', durationSec: 15, music: true }, ask('a smartwatch product demo. Aspect ratio 9:16 (vertical). Length: about 15 seconds. Add background music.')],
    ['no music', 'A calm beach scene.', { music: false }, ask('A calm beach scene. No background music.')],
    ['prompt already says the ratio', 'a vertical teaser', { ratio: '9:16' }, ask('a vertical teaser')],
    ['prompt already says 16:9', 'a 16:9 teaser', { ratio: '16:9' }, ask('a 16:9 teaser')],
    ['prompt asks another ratio: the option wins', 'a square teaser', { ratio: '16:9' }, ask('a square teaser. Aspect ratio 16:9 (landscape).')],
    ['prompt already says the length', 'a 10-second demo', { durationSec: 10 }, ask('a 10-second demo')],
    ['prompt already says music', 'a demo with upbeat background music', { music: true }, ask('a demo with upbeat background music')],
    ['prompt already says no music', 'a demo without any music', { music: false }, ask('a demo without any music')],
    ['prompt says music, option says none', 'a demo with music', { music: false }, ask('a demo with music. No background music.')],
    ['Chinese prompt already says it all', '一个15秒的竖屏视频，配背景音乐', { ratio: '9:16', durationSec: 15, music: true }, ask('一个15秒的竖屏视频，配背景音乐')],
    ['Chinese prompt, option added', '一个产品演示。', { durationSec: 20 }, ask('一个产品演示。 Length: about 20 seconds.')],
    ['fractional duration, trailing spaces', 'demo  ', { durationSec: 7.25 }, ask('demo. Length: about 7.3 seconds.')],
  ];
  for (const [what, p, o, want] of rows) it(what, () => assert.equal(foldGenerateOptions(p, o), want));

  // A bare description would be small talk to the agent in a fresh session; a request stays as written.
  const requests: Array<[string, string]> = [
    ['make a video of a lighthouse', 'make a video of a lighthouse'],
    ['Make a 10-second demo', 'Make a 10-second demo'],
    ['Please create an intro for my app', 'Please create an intro for my app'],
    ['generate a teaser', 'generate a teaser'],
    ['  produce a trailer  ', 'produce a trailer'],
    ['build a montage', 'build a montage'],
    ['render a countdown', 'render a countdown'],
    ['生成一个产品视频', '生成一个产品视频'],
    ['请制作一段旅行短片', '请制作一段旅行短片'],
    ['帮我生成一个开场', '帮我生成一个开场'],
    ['a paper boat on a pond', 'Create a video: a paper boat on a pond'],
    ['  a paper boat on a pond  ', 'Create a video: a paper boat on a pond'],
    ['makeover before and after', 'Create a video: makeover before and after'],
    ['rendering of a castle', 'Create a video: rendering of a castle'],
    ['一只猫在弹钢琴', 'Create a video: 一只猫在弹钢琴'],
    ['', ''],
  ];
  for (const [p, want] of requests) it(`${JSON.stringify(p)} → ${JSON.stringify(want)}`, () => assert.equal(foldGenerateOptions(p, {}), want));

  it('a request keeps its verb when options are added, and an empty prompt gets only the options', () => {
    assert.equal(foldGenerateOptions('make a lighthouse video', { ratio: '1:1' }), 'make a lighthouse video. Aspect ratio 1:1 (square).');
    assert.equal(foldGenerateOptions('', { music: true }), 'Add background music.');
  });

  it('every example prompt offered by the Generate command reaches the agent as a request', () => {
    for (const p of examplePrompts()) assert.match(foldGenerateOptions(p, {}), /^(?:Make|Create a video: )/);
  });
});

describe('examplePrompts', () => {
  it('offers a few non-empty prompts, the demo prompt first', () => {
    const prompts = examplePrompts();
    assert.ok(prompts.length >= 3);
    assert.ok(prompts.every((p) => p.trim().length > 20));
    assert.match(prompts[0] ?? '', /smartwatch.*'Tick'/);
  });
});
