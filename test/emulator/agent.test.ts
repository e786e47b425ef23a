import { strict as assert } from 'node:assert';
import { planTurn, type Draft } from './agent';

const BASE = 'http://cdn.test';

function generated(prompt: string): Draft {
  const plan = planTurn(prompt, undefined, BASE, 1);
  assert.equal(plan.kind, 'generation', prompt);
  return plan.draft!;
}

describe('emulator agent', () => {
  it('reads duration, aspect ratio, title and music from a generation prompt', () => {
    const d = generated('Create a 15s vertical teaser for "Moon Café" with lo-fi music');
    assert.equal(d.d, 15_000);
    assert.deepEqual([d.m.width, d.m.height], [1080, 1920]);
    assert.equal(d.t.find((t) => t.tt === 7)?.sg[0].m.text, 'Moon Café');
    assert.equal(d.t.find((t) => t.tt === 1)?.sg[0].m.name, 'Lo-fi background music');
    assert.equal(d.t[0].sg[0].m.name, 'teaser');
    const square = generated("generate a 1:1 clip of it's raining, titled 'Rain'");
    assert.deepEqual([square.m.width, square.m.height, square.d], [1080, 1080, 10_000]);
    assert.equal(square.t.find((t) => t.tt === 7)?.sg[0].m.text, 'Rain');
    assert.equal(square.t.some((t) => t.tt === 1), false, 'no music unless asked');
  });

  it('treats "make a … video" as a new video even with a draft, and "make it 9:16" as an edit', () => {
    const current = generated('make a 10-second demo of a lamp');
    assert.equal(planTurn('make a 9:16 video of a cat', current, BASE, 2).kind, 'generation');
    const edit = planTurn('make it 9:16', current, BASE, 2);
    assert.equal(edit.kind, 'edit');
    assert.deepEqual([edit.draft!.m.width, edit.draft!.m.height], [1080, 1920]);
    assert.equal(planTurn('make the title bigger', current, BASE, 2).kind, 'chat', 'no title to enlarge');
    assert.equal(planTurn('hello there', undefined, BASE, 2).kind, 'chat');
  });

  it('fits every non-text segment to a new length and clips text segments', () => {
    const current = generated("make a 10-second demo with music and the title 'A'");
    const d = planTurn('make it 2 seconds', current, BASE, 2).draft!;
    assert.equal(d.d, 2000);
    assert.deepEqual(d.t.map((t) => t.sg[0].d), [2000, 2000, 2000]);
  });
});
