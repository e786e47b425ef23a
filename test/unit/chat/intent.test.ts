import assert from 'node:assert/strict';
import { routeIntent, type Intent } from '../../../src/chat/intent';
import { slashCommand, type SlashCommand } from '../../../src/chat/slashCommands';

describe('routeIntent', () => {
  const rows: Array<[string, Intent]> = [
    // export: short commands, English and Chinese
    ['export', 'export'],
    ['Export it', 'export'],
    ['export it!', 'export'],
    ['please export the video', 'export'],
    ['download the video', 'export'],
    ['Download', 'export'],
    ['can you send me the video?', 'export'],
    ['send me the mp4', 'export'],
    ['I want to download my video now', 'export'],
    ['导出', 'export'],
    ['导出视频', 'export'],
    ['帮我导出一下', 'export'],
    ['把视频导出为MP4', 'export'],
    ['下载视频', 'export'],
    ['ＥＸＰＯＲＴ', 'export'],
    // credits
    ['credits', 'credits'],
    ["what's my balance?", 'credits'],
    ['how many credits do I have left', 'credits'],
    ['积分', 'credits'],
    ['余额', 'credits'],
    ['我的积分还有多少', 'credits'],
    // status
    ['status', 'status'],
    ['show tracks', 'status'],
    ['show me the timeline', 'status'],
    ['状态', 'status'],
    ['查看状态', 'status'],
    // upload
    ['upload', 'upload'],
    ['upload a file', 'upload'],
    ['上传', 'upload'],
    ['上传文件', 'upload'],
    // creative prompts that mention a keyword stream to the agent
    ['make an export-style intro for my app', 'message'],
    ['a 10-second video of a kid who downloads a game and cheers', 'message'],
    ['make a product demo with a download button animation', 'message'],
    ['export the video in 9:16', 'message'],
    ['show the credits scrolling at the end like a movie', 'message'],
    ['what is the status quo of electric cars? make a short explainer', 'message'],
    ['生成一个介绍导出功能的视频', 'message'],
    ['添加背景音乐', 'message'],
    ['send', 'message'],
    ['send a postcard animation', 'message'],
    // everything else
    ['make a 10-second product demo of a smartwatch', 'message'],
    ['add upbeat music', 'message'],
    ['', 'message'],
    ['   ', 'message'],
  ];
  for (const [text, want] of rows) it(`${JSON.stringify(text)} → ${want}`, () => assert.equal(routeIntent(text), want));

  it('an attachment means upload, whatever the words', () => {
    assert.equal(routeIntent('use this as the intro', { hasAttachment: true }), 'upload');
    assert.equal(routeIntent('', { hasAttachment: true }), 'upload');
    assert.equal(routeIntent('use this as the intro', { hasAttachment: false }), 'message');
  });

  it('two keywords: the first one decides', () => {
    assert.equal(routeIntent('status and credits'), 'status');
    assert.equal(routeIntent('积分 状态'), 'credits');
  });
});

describe('slash commands', () => {
  const rows: Array<[SlashCommand, Intent]> = [
    ['generate', 'message'],
    ['edit', 'message'],
    ['upload', 'upload'],
    ['export', 'export'],
    ['credits', 'credits'],
    ['status', 'status'],
  ];
  for (const [cmd, want] of rows) it(`/${cmd} → ${want}`, () => assert.equal(slashCommand(cmd)?.intent, want));
  it('knows no other command (the words then decide)', () => {
    assert.equal(slashCommand(undefined), undefined);
    assert.equal(slashCommand('render'), undefined);
  });
});
