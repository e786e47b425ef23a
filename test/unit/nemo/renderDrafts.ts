// Drafts the render, download and export tests submit. Short and small so ffmpeg encodes them fast.

/** One second, 320×180: a video segment and a title. */
export const SMALL_DRAFT =
  '{"d":1000,"m":{"title":"Tick","width":320,"height":180},"t":[{"tt":0,"sg":[{"st":0,"d":1000,"m":{"name":"watch"}}]},{"tt":7,"sg":[{"st":0,"d":1000,"m":{"text":"Tick","style":"title"}}]}]}';
