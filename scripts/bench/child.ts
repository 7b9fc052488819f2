// One measured run, in a process of its own so that its peak memory is its own:
//   plan <tenantsDir>   the offline plan as `npm run plan` makes it (record, summary, capacity, policies)
//   floor <count> <batch>  the same SDK registering <count> bare resources under the same mocks,
//                          <batch> at a time as the program registers one tenant at a time
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { POLICIES } from "../../policies/all";
import { loadPackConfig } from "../../policies/config";
import { capacityOf } from "../capacity";
import { formatCapacity } from "../capacity/format";
import { runUnderMocks } from "../plan/mock-runtime";
import { checkPolicies } from "../plan/policies";
import { recordPlan } from "../plan/record";
import { formatSummary } from "../plan/summary";

export interface ChildResult {
  readonly resources: number;
  /** Milliseconds inside the process, from before the program is loaded to the end. */
  readonly ms: number;
  /** Resident set high-water mark, KiB (process.resourceUsage().maxRSS). */
  readonly maxRssKiB: number;
}

/** A resource with no inputs: what registering costs, with nothing of the program's own. */
class Bare extends pulumi.CustomResource {
  constructor(name: string) {
    super("jardin:bench:Bare", name, {});
  }
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  const started = performance.now();
  let resources: number;
  if (mode === "plan" && arg !== undefined) {
    const rootDir = join(__dirname, "..", "..");
    const { snapshot, outputs, declarations } = await recordPlan({ rootDir, tenantsDir: arg });
    const capacity = capacityOf(snapshot, declarations);
    // Formatted as the plan does, so the benchmark pays for the same work; not printed.
    void formatSummary(snapshot, outputs).length;
    void formatCapacity(capacity).length;
    await checkPolicies(snapshot, POLICIES, loadPackConfig());
    resources = snapshot.resources.length;
  } else if (mode === "floor" && arg !== undefined) {
    const count = Number(arg);
    const batch = Math.max(1, Number(process.argv[4] ?? count));
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
      for (let i = 0; i < count; i++) {
        // The same pause the program makes between tenants (stacks/program.ts): a fair floor.
        if (i % batch === 0) await new Promise((resolve) => setImmediate(resolve));
        new Bare(`bare-${i}`);
      }
    });
    resources = run.resources.length;
  } else {
    throw new Error("usage: child.ts plan <tenantsDir> | floor <count> <batch>");
  }
  const result: ChildResult = { resources, ms: performance.now() - started, maxRssKiB: process.resourceUsage().maxRSS };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
