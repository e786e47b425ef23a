// `nemo doctor`: is everything in place before credits are spent? The checks and their words are
// src/chat/doctor.ts (shared with "Nemo: Check Connection"); this prints them, or one JSON object
// with --json, and tells run.ts whether anything needs fixing (exit 1).
import { doctorLines, runDoctor } from '../../chat/doctor';
import { locateFfmpeg } from '../../localRender/ffmpegLocator';
import type { CliContext } from '../context';

/** True when all is well. */
export async function runDoctorCommand(ctx: CliContext): Promise<boolean> {
  const report = await runDoctor({
    surface: 'cli',
    apiBase: { url: ctx.global.apiBase, source: ctx.global.apiBaseSource },
    ...(ctx.proxyUrl ? { proxy: { url: ctx.proxyUrl, source: 'env' as const } } : {}),
    token: ctx.fixedToken ? 'env' : 'anonymous',
    service: ctx.client,
    ffmpeg: () => locateFfmpeg({ env: ctx.env }),
    signal: ctx.signal,
  });
  ctx.out.result({ ok: report.problems === 0, problems: report.problems, checks: report.checks }, doctorLines(report));
  return report.problems === 0;
}
