// A small benchmark harness: every contender runs in a fresh Node process (no shared JIT state or
// heap), contenders are interleaved over several rounds, and the report gives medians, min-max and
// ratios to a baseline measured in the same rounds.
import { execFileSync } from 'node:child_process';

export interface Contender {
  /** Runs the measured work once and returns the nanoseconds per operation. */
  run(): number;
}

/**
 * In a child process, runs the contender named by BENCH_CONTENDER and prints its result; in the
 * parent, spawns the rounds and prints a Markdown table. Returns true in a child.
 */
export function bench(options: {
  file: string;
  title: string;
  unit: string;
  baseline: string;
  contenders: Record<string, () => Contender>;
  rounds?: number;
}): void {
  const child = process.env.BENCH_CONTENDER;
  if (child) {
    const make = options.contenders[child];
    if (!make) throw new Error(`unknown contender ${child}`);
    const contender = make();
    contender.run(); // warm-up
    contender.run();
    console.log(JSON.stringify(contender.run()));
    return;
  }
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 5);
  const names = Object.keys(options.contenders);
  const samples = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const output = execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', options.file], {
        env: { ...process.env, BENCH_CONTENDER: name },
        encoding: 'utf8',
      });
      samples.get(name)?.push(Number(output.trim().split('\n').at(-1)));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const base = median(samples.get(options.baseline) ?? []);
  console.log(`\n### ${options.title}\n`);
  console.log(`${rounds} rounds, each contender in a fresh process, interleaved.\n`);
  console.log(`| contender | ${options.unit} (median) | min-max | ratio to ${options.baseline} |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, xs] of samples) {
    const m = median(xs);
    console.log(
      `| ${name} | ${m.toFixed(0)} | ${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)} | ${(m / base).toFixed(3)}x |`,
    );
  }
}
