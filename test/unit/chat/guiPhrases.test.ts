import assert from 'node:assert/strict';
import fc from 'fast-check';
import { translateGuiPhrases, type GuiActionKind } from '../../../src/chat/guiPhrases';
import { describeTool } from '../../../src/chat/toolWords';

const GUI_WORDS = /\bclick|\bopen the|\bdrag|\bpreview (?:it )?in the timeline|点击|打开|拖拽|拖动|在时间线/i;

const EXPORT = 'When you are ready, say "export" and I will render the MP4 for you.';
const TIMELINE = 'Say "status" to see the timeline.';
const STATE = 'Say "status" to see what is in the project.';
const EDIT = 'Tell me the change in words (for example "move the title to the end") and I will make it.';

describe('translateGuiPhrases', () => {
  const rows: Array<[string, GuiActionKind[], string]> = [
    ['Your video is ready! Click the Export button to download it.', ['export'], 'Your video is ready! When you are ready, say "export" and I will render the MP4 for you.'],
    ['Done. Click "Export" when you are happy.', ['export'], 'Done. When you are ready, say "export" and I will render the MP4 for you.'],
    ['Use the Export button in the top right.', ['export'], 'When you are ready, say "export" and I will render the MP4 for you.'],
    ['Open the media panel to see your clips.', ['show-state'], 'Say "status" to see what is in the project.'],
    ['Drag the clip onto the second track.', ['send-edit'], 'Tell me the change in words (for example "move the title to the end") and I will make it.'],
    ['You can preview it in the timeline.', ['show-timeline'], 'Say "status" to see the timeline.'],
    ['Click the Preview button to watch it.', ['show-timeline'], 'Say "status" to see the timeline.'],
    ['Click the Apply button.', ['send-edit'], 'Tell me the change in words (for example "move the title to the end") and I will make it.'],
    ['视频已生成。点击导出按钮即可下载。', ['export'], '视频已生成。When you are ready, say "export" and I will render the MP4 for you.'],
    ['打开素材面板查看。', ['show-state'], 'Say "status" to see what is in the project.'],
    ['把片段拖拽到第二条轨道。', ['send-edit'], 'Tell me the change in words (for example "move the title to the end") and I will make it.'],
    ['你可以在时间线中预览效果。', ['show-timeline'], 'Say "status" to see the timeline.'],
    // One sentence asking for several things: every action, and words for each.
    ["Preview it in the timeline, and click the Export button when you're happy.", ['show-timeline', 'export'], `${TIMELINE} ${EXPORT}`],
    ["Preview it in the timeline, and click the Export button when you're happy", ['show-timeline', 'export'], `${TIMELINE} ${EXPORT}`],
    ['Open the media panel and drag the clip onto the second track.', ['show-state', 'send-edit'], `${STATE} ${EDIT}`],
    ['Click the Export button to render, or open the settings panel first!', ['export', 'show-state'], `${EXPORT} ${STATE}`],
    ['在时间线中预览，满意后点击导出按钮。', ['show-timeline', 'export'], `${TIMELINE} ${EXPORT}`],
    // Two phrases for the same thing are still one action, said once.
    ['Click the Export button, or hit the "Download" button.', ['export'], EXPORT],
  ];
  for (const [input, kinds, want] of rows) {
    it(input, () => {
      const out = translateGuiPhrases(input);
      assert.deepEqual(out.actions.map((a) => a.kind), kinds);
      assert.equal(out.text, want);
      assert.doesNotMatch(out.text, GUI_WORDS);
    });
  }

  it('keeps the phrase that asked for the GUI', () => {
    assert.deepEqual(translateGuiPhrases('Great. Click the Export button.').actions, [{ kind: 'export', phrase: 'Click the Export button' }]);
  });

  it('leaves text without GUI talk exactly as it was, including layout', () => {
    const text = 'I added a drop shadow to the title.\n\n- Music: upbeat\n- Length: 10 s\nOpen to more ideas!';
    assert.deepEqual(translateGuiPhrases(text), { text, actions: [] });
  });

  it('keeps the surrounding sentences and line breaks, and says each replacement once', () => {
    const out = translateGuiPhrases('Added music.\nClick the Export button. Or hit the "Download" button!\nAnything else?');
    assert.deepEqual(out.actions.map((a) => a.kind), ['export']);
    assert.equal(out.text, 'Added music.\nWhen you are ready, say "export" and I will render the MP4 for you. \nAnything else?');
  });

  it('translates a line without a full stop, as the chat view passes them line by line', () => {
    assert.deepEqual(translateGuiPhrases('- Click the Export button\n'), { text: 'When you are ready, say "export" and I will render the MP4 for you.\n', actions: [{ kind: 'export', phrase: 'Click the Export button' }] });
    assert.equal(translateGuiPhrases('Tip: drag it here\nNext line').text, 'Tell me the change in words (for example "move the title to the end") and I will make it.\nNext line');
  });

  it('any text survives untouched when it has no GUI talk, punctuation runs included', () => {
    for (const text of ['...', '!!\n\n?', 'Wow... really?! Yes.', '。。好的！', '']) assert.equal(translateGuiPhrases(text).text, text);
  });

  it('never loses or adds a character of text without GUI talk (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '!', '?', '\n', '\t', '。', '好', '🎬', '"') });
    fc.assert(fc.property(text, (t) => assert.equal(translateGuiPhrases(t).text, t)), { numRuns: 300 });
  });

  it('keeps each phrase of a sentence that asks for several things, in the order written', () => {
    assert.deepEqual(translateGuiPhrases("Preview it in the timeline, and click the Export button when you're happy").actions, [
      { kind: 'show-timeline', phrase: 'Preview it in the timeline' },
      { kind: 'export', phrase: 'click the Export button' },
    ]);
  });

  it('a later sentence says only what was not said yet', () => {
    const out = translateGuiPhrases('Click the Export button. Then preview it in the timeline and click Export button.\nBye.');
    assert.deepEqual(out.actions.map((a) => a.kind), ['export', 'show-timeline']);
    assert.equal(out.text, `${EXPORT} ${TIMELINE}\nBye.`);
  });

  it('reports several kinds in order', () => {
    const out = translateGuiPhrases('Open the text panel. Then drag the title to the end. Finally click Export button.');
    assert.deepEqual(out.actions.map((a) => a.kind), ['show-state', 'send-edit', 'export']);
  });
});

describe('describeTool', () => {
  const rows: Array<[string, string]> = [
    ['generate_video', 'Generating the video…'],
    ['generateVideo', 'Generating the video…'],
    ['add_music', 'Adding music…'],
    ['add-bgm', 'Adding music…'],
    ['remove_music', 'Editing the timeline…'],
    ['get_draft', 'Reading the timeline…'],
    ['read_state', 'Reading the timeline…'],
    ['add_title', 'Adding text…'],
    ['generate_subtitles', 'Adding captions…'],
    ['text_to_speech', 'Recording the voiceover…'],
    ['tts', 'Recording the voiceover…'],
    ['trim_clip', 'Editing the timeline…'],
    ['create_clip', 'Generating the video…'],
    ['execute_plan', 'Working (execute plan)…'],
    ['update_draft', 'Editing the timeline…'],
    ['apply_transition', 'Editing the timeline…'],
    ['export_video', 'Preparing the export…'],
    ['analyze_video', 'Analysing the video…'],
    ['search_stock_footage', 'Finding footage…'],
    ['ApplyColourGrade', 'Working (apply colour grade)…'],
    ['{"x":1}', 'Working (x 1)…'],
    ['', 'Working…'],
  ];
  for (const [name, want] of rows) it(`${JSON.stringify(name)} → ${want}`, () => assert.equal(describeTool(name), want));

  it('never echoes raw JSON or long names', () => {
    for (const name of ['{"args":{"a":[1,2]}}', 'x'.repeat(200)]) {
      const words = describeTool(name);
      assert.doesNotMatch(words, /[{}[\]"]/);
      assert.ok(words.length < 60, words);
    }
  });
});
