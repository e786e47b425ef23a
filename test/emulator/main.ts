// `npm run emulator`: runs the emulator by hand and prints where it listens. Every option of
// options.ts is a flag (`renderMs` → `--render-ms`), checked by the same validation as the control API.
import { Command, InvalidArgumentError, Option } from 'commander';
import { startEmulator } from './index';
import { DEFAULT_OPTIONS, OPTION_CHOICES, OPTION_HELP, validateOptions, type EmulatorOptions, type ResolvedOptions } from './options';

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function parserFor(key: keyof ResolvedOptions): (value: string) => string | number {
  return (value) => {
    const parsed = typeof DEFAULT_OPTIONS[key] === 'number' ? Number(value) : value;
    try {
      validateOptions({ [key]: parsed });
    } catch (err) {
      throw new InvalidArgumentError((err as Error).message);
    }
    return parsed;
  };
}

const program = new Command('emulator').description('A local Nemo backend with fault injection (control API under /__emulator/).');
for (const key of Object.keys(DEFAULT_OPTIONS) as (keyof ResolvedOptions)[]) {
  const option = new Option(`--${kebab(key)} <value>`, OPTION_HELP[key]).default(DEFAULT_OPTIONS[key]).argParser(parserFor(key));
  const choices = OPTION_CHOICES[key];
  program.addOption(choices ? option.choices(choices) : option);
}
program.parse();

startEmulator(program.opts<EmulatorOptions>()).then(
  (emu) => {
    console.log(emu.url);
    console.error(`Nemo emulator: API ${emu.url}, render outputs ${emu.cdnUrl}. Ctrl+C stops it.`);
    const stop = () => void emu.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (err: Error) => {
    console.error(`Emulator failed to start: ${err.message}`);
    process.exit(1);
  },
);
