// The plan's benchmark: `npm run bench -- [--sizes 10,100,1000] [--runs 3]`. Never a timed test.
// For each size, the offline plan of that many generated tenants (every app enabled), then the
// floor: the same SDK registering the same number of bare resources under the same mocks, each in
// a child process of its own (wall time and peak memory are that process's). Each is run `--runs`
// times, plan and floor alternating, and the median kept: a shared machine is noisy.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fleetSchema } from "../model/fleet";
import { FLEETS } from "../stacks/fleets";
import type { ChildResult } from "./bench/child";
import { benchHelpText, parseBenchCommand } from "./bench/cli";
import { PLAN_NODE_FLAGS } from "./bench/flags";
import { writeGeneratedTenants } from "./bench/generate";
import { PlanError } from "./plan/plan-error";

const ROOT = join(__dirname, "..");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");


type Measured = ChildResult & { readonly wallMs: number };

interface Row {
  readonly tenants: number;
  readonly plan: Measured;
  readonly floor: Measured;
}

/** The run of median wall time (its memory with it, so a row is one real run). */
function median(runs: readonly Measured[]): Measured {
  return [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
}

function measure(...args: string[]): Measured {
  const started = performance.now();
  const out = execFileSync(process.execPath, [TSX, ...PLAN_NODE_FLAGS, join(ROOT, "scripts", "bench", "child.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 16 * 2 ** 20,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const wallMs = performance.now() - started;
  return { ...(JSON.parse(out.trim().split("\n").pop()!) as ChildResult), wallMs };
}

/** Why a run failed, in one line: a size that does not fit in Node's heap is a result, not a crash. */
function failure(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? error);
  return /heap out of memory/.test(stderr) ? "out of memory (Node's default heap limit)" : (stderr.trim().split("\n").pop() ?? "failed");
}

function main(): void {
  const command = parseBenchCommand(process.argv.slice(2));
  if (command.help) {
    console.log(benchHelpText());
    return;
  }
  const { sizes, runs } = command;
  const fleet = fleetSchema.parse(FLEETS["prod"]!.input);
  const rows: Row[] = [];
  const failed: string[] = [];
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), "jardin-bench-"));
    try {
      writeGeneratedTenants(dir, size, fleet);
      const plans: Measured[] = [];
      const floors: Measured[] = [];
      try {
        for (let run = 0; run < runs; run++) {
          plans.push(measure("plan", dir));
          const perTenant = Math.max(1, Math.round(plans[run]!.resources / Math.max(1, size)));
          floors.push(measure("floor", String(plans[run]!.resources), String(perTenant)));
        }
      } catch (error) {
        failed.push(`${size} tenants: the plan failed: ${failure(error)}`);
        console.error(failed.at(-1));
        continue;
      }
      const plan = median(plans);
      const floor = median(floors);
      rows.push({ tenants: size, plan, floor });
      console.error(`${size} tenants: ${plan.resources} resources, plan ${seconds(plan.wallMs)}, floor ${seconds(floor.wallMs)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(table(rows, runs));
  for (const line of failed) console.log(`\n${line}.`);
}

function table(rows: readonly Row[], runs: number): string {
  const base = rows.find((r) => r.tenants === 100) ?? rows[0];
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)}, median of ${runs} runs per size, on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    "",
    "| tenants | resources | per tenant | plan wall | floor wall | plan / floor | plan work | floor work | work ratio | per resource | plan peak RSS | floor peak RSS | time vs 100 tenants |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of rows) {
    const perTenant = r.tenants === 0 ? 0 : r.plan.resources / r.tenants;
    const scale = base === undefined ? "" : `${(r.plan.wallMs / base.plan.wallMs).toFixed(2)}× for ${(r.tenants / base.tenants).toFixed(1)}× tenants`;
    lines.push(
      `| ${r.tenants} | ${r.plan.resources} | ${perTenant.toFixed(1)} | ${seconds(r.plan.wallMs)} | ${seconds(r.floor.wallMs)} | ${(r.plan.wallMs / r.floor.wallMs).toFixed(2)} | ${seconds(r.plan.ms)} | ${seconds(r.floor.ms)} | ${(r.plan.ms / r.floor.ms).toFixed(2)} | ${(r.plan.wallMs / Math.max(1, r.plan.resources)).toFixed(2)} ms | ${mib(r.plan.maxRssKiB)} | ${mib(r.floor.maxRssKiB)} | ${scale} |`,
    );
  }
  lines.push(
    "",
    "Wall: the whole process, starting Node and tsx and loading modules included. Work: from the script's first line to its end, modules already loaded (the plan then still loads the program and the tenant files).",
    "Targets: 100 tenants within 10 s and 1.5× the floor, linear from 100 to 1000, under 2 GiB at 1000.",
  );
  return lines.join("\n");
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;

try {
  main();
} catch (error) {
  // A mistake on the command line explains itself; anything else is a bug: show where.
  console.error(error instanceof PlanError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
