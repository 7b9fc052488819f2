import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { recordPlan, type RecordedPlan, type RecordOptions } from "../../scripts/plan/record";
import { runPlan, type PlanIo } from "../../scripts/plan/run";
import { ROOT_DIR } from "./declarations";
import { prodPlan } from "./plan";

/** What a command printed, and its exit code. */
export interface CommandRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `npm run <script> -- <args>` as a user runs it, in a process of its own (`tsx scripts/<script>.ts`):
 * for the few tests whose point is the entry point itself, the rest run the command in-process.
 */
export function spawnScript(script: string, args: readonly string[], cwd = ROOT_DIR): CommandRun {
  const run = spawnSync(process.execPath, [join(ROOT_DIR, "node_modules/tsx/dist/cli.mjs"), `scripts/${script}.ts`, ...args], { cwd, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * recordPlan, except that the prod plan of this working tree is the one the suite recorded already
 * (prodPlan). `established` only decides which tenant file a clash between two is blamed on: the
 * working tree's plan has no clash, or prodPlan itself would have failed.
 */
export function recordOrShare(options: RecordOptions): Promise<RecordedPlan> {
  const { rootDir, stack, tenantsDir, extraProgram, outputs, established: _blameOnly, ...rest } = options;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new Error(`recordOrShare does not know the record options ${unknown.join(", ")}: say whether the shared plan answers them`);
  const isWorkingTreeProd = rootDir === ROOT_DIR && (stack ?? "prod") === "prod" && tenantsDir === undefined && extraProgram === undefined && outputs === undefined;
  return isWorkingTreeProd ? Promise.resolve(prodPlan()) : recordPlan(options);
}

/**
 * `npm run plan -- <args>` run in this process (scripts/plan/run.ts, what scripts/plan.ts runs),
 * from the repository unless `rootDir` says otherwise, its head recorded by recordOrShare unless
 * `record` says otherwise. stdout and stderr are what the command would print.
 */
export async function planInProcess(args: readonly string[], io: Partial<Omit<PlanIo, "out" | "err">> = {}): Promise<CommandRun> {
  let stdout = "";
  let stderr = "";
  const status = await runPlan(args, {
    rootDir: ROOT_DIR,
    record: recordOrShare,
    ...io,
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
  });
  return { status, stdout, stderr };
}
