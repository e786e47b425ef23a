// The table on stdout and bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Figure } from './figures';
import type { Machine } from './machine';
import type { Spread } from './stats';

export interface RunReport {
  machine: Machine;
  mode: 'full' | 'quick';
  durationS: number;
  benchmarks: { name: string; title: string; figures: Figure[]; error?: string }[];
}

function num(v: number): string {
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

function triple(s: Spread, unit: string): string {
  return s.n === 1 ? `${num(s.median)} ${unit}` : `${num(s.min)} / ${num(s.median)} / ${num(s.max)} ${unit}`;
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  return rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ').trimEnd()).join('\n');
}

export function formatTable(report: RunReport): string {
  const rows: string[][] = [['figure', 'ours (min / median / max)', 'reference (min / median / max)', 'ratio', 'target']];
  for (const b of report.benchmarks) {
    rows.push([`[${b.title}]`, '', '', '', '']);
    if (b.error) rows.push(['  FAILED', b.error.split('\n')[0].slice(0, 100), '', '', '']);
    for (const f of b.figures) {
      rows.push([
        `  ${f.label}`,
        triple(f.ours, f.unit),
        f.reference ? `${triple(f.reference.spread, f.unit)}  (${f.reference.label})` : '',
        f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
        f.target ? `${f.target.text} ${f.target.met ? 'met' : 'MISSED'}` : '',
      ]);
    }
  }
  const m = report.machine;
  const head = `npm run bench (${report.mode}) — ${m.date} — ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}, load ${m.loadAverage1m}, ${m.revision}`;
  return `${head}\n\n${pad(rows)}\n\nfinished in ${report.durationS.toFixed(0)} s\n`;
}

export async function writeResults(report: RunReport, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
