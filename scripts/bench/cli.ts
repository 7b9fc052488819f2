import { parseArgs } from "node:util";
import { PlanError } from "../plan/plan-error";

/** What `npm run bench -- ...` asked for. */
export interface BenchCommand {
  readonly help: boolean;
  /** Tenant counts to plan. @default [10, 100, 1000] */
  readonly sizes: readonly number[];
  /** Runs per size; the median is kept. @default 3 */
  readonly runs: number;
}

const OPTIONS = {
  sizes: { type: "string", value: "N,N,...", help: "tenant counts to plan (default 10,100,1000)" },
  runs: { type: "string", value: "N", help: "runs per size, the median kept (default 3)" },
  help: { type: "boolean", value: "", help: "print this help" },
} as const;

export function benchHelpText(): string {
  return [
    "npm run bench -- [options]",
    "",
    "Plans generated tenants (every app enabled) beside the floor: the same Pulumi SDK registering as",
    "many bare resources under the same mocks. Prints a table ready to paste in README.md.",
    "",
    "options:",
    ...Object.entries(OPTIONS).map(([name, o]) => `  --${`${name} ${o.value}`.trim().padEnd(16)} ${o.help}`),
    "",
    "example:",
    "  npm run bench -- --sizes 10,100 --runs 1",
  ].join("\n");
}

/** Reads the command line; a mistake is one line saying what to write, never a stack trace. */
export function parseBenchCommand(args: readonly string[]): BenchCommand {
  let values: { sizes?: string; runs?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...args], options: Object.fromEntries(Object.entries(OPTIONS).map(([n, o]) => [n, { type: o.type }])), strict: true }) as { values: typeof values });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0]!.replace(/\.$/, "") : String(error);
    throw new PlanError(`${reason}; the options are ${Object.keys(OPTIONS).map((n) => `--${n}`).join(", ")} (npm run bench -- --help)`);
  }
  const sizes = (values.sizes ?? "10,100,1000").split(",").map((s) => s.trim());
  const bad = sizes.filter((s) => !/^\d+$/.test(s) || Number(s) < 1);
  if (bad.length > 0) throw new PlanError(`--sizes ${JSON.stringify(values.sizes)}: ${bad.map((s) => JSON.stringify(s)).join(", ")} is not a tenant count; write whole numbers from 1, like --sizes 10,100`);
  const runs = values.runs ?? "3";
  if (!/^\d+$/.test(runs) || Number(runs) < 1) throw new PlanError(`--runs ${JSON.stringify(runs)} is not a number of runs; write a whole number from 1, like --runs 3`);
  return { help: values.help === true, sizes: sizes.map(Number), runs: Number(runs) };
}
