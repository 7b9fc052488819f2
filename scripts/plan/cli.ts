import { readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { closestName } from "../../model/suggest";
import { PlanError } from "./plan-error";

/** Every option of `npm run plan`, with what `--help` says of it; the parser reads this table. */
export const PLAN_OPTIONS = {
  base: { type: "string", value: "FILE|GIT_REF", help: "diff against a snapshot file or the plan of a commit (e.g. main); refuses changes that lose data" },
  format: { type: "string", value: "text|markdown", help: "how --base prints the diff: text (default) or markdown for a pull-request comment" },
  targets: { type: "boolean", value: "", help: "with --base GIT_REF: print the URNs a real preview targets when only tenant files changed (nothing otherwise)" },
  out: { type: "string", value: "FILE", help: "write the plan's snapshot (sorted, secrets hidden) to FILE" },
  stack: { type: "string", value: "NAME", help: "plan another stack than prod (one with its Pulumi.<stack>.yaml)" },
  tenants: { type: "string", value: "DIR", help: "plan another folder of tenant files, e.g. to try one before a pull request" },
  program: { type: "string", value: "FILE", help: "also run FILE's default export (a function registering resources) in the stack: hand-written resources meet the policy pack" },
  help: { type: "boolean", value: "", help: "print this help" },
} as const;

export const FORMATS = ["text", "markdown"] as const;

export interface PlanCommand {
  readonly help: boolean;
  readonly base?: string;
  readonly format: (typeof FORMATS)[number];
  readonly targets: boolean;
  readonly out?: string;
  /** @default "prod" */
  readonly stack: string;
  readonly tenants?: string;
  /** A module whose default export registers more resources after the program's. */
  readonly program?: string;
}

export function helpText(): string {
  const rows = Object.entries(PLAN_OPTIONS).map(([name, o]) => `  --${`${name} ${o.value}`.trim().padEnd(24)} ${o.help}`);
  return [
    "npm run plan -- [options]",
    "",
    "The offline plan of a stack: the real program under Pulumi's mocks, no cloud, no credentials.",
    "",
    "options:",
    ...rows,
    "",
    "examples:",
    "  npm run plan                                   what the prod stack contains, and whether its pools hold it with a node to spare",
    "  npm run plan -- --base main --format markdown  what this branch changes, as a pull-request comment",
    "  npm run plan -- --base origin/main --targets   the URNs a targeted `pulumi preview` needs",
  ].join("\n");
}

/**
 * Reads the command line. A mistake is one line naming what exists, never a stack trace.
 * `rootDir` is where the `Pulumi.<stack>.yaml` files are.
 */
export function parsePlanCommand(args: readonly string[], rootDir: string): PlanCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.entries(PLAN_OPTIONS).map(([name, o]) => [name, { type: o.type }]));
    ({ values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false }));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0]!.replace(/\.$/, "") : String(error);
    const known = Object.keys(PLAN_OPTIONS).map((name) => `--${name}`);
    const typed = /'(--[^'= ]+)/.exec(reason)?.[1];
    const guess = typed === undefined ? undefined : closestName(typed, known);
    const hint = guess === undefined || guess === typed ? "" : ` (did you mean ${guess}?)`;
    throw new PlanError(`${reason}${hint}; the options are ${known.join(", ")} (npm run plan -- --help)`);
  }
  const format = (values["format"] as string | undefined) ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new PlanError(`--format "${format}" is not a format; use ${FORMATS.join(" or ")}`);
  }
  const stack = (values["stack"] as string | undefined) ?? "prod";
  const help = values["help"] === true;
  if (!help && !stacksIn(rootDir).includes(stack)) {
    throw new PlanError(`stack "${stack}" has no Pulumi.${stack}.yaml; the stacks are ${stacksIn(rootDir).join(", ")}`);
  }
  if (values["targets"] === true && values["base"] === undefined) {
    throw new PlanError("--targets needs --base GIT_REF: the targets are what changed against it");
  }
  return {
    help,
    base: values["base"] as string | undefined,
    format: format as PlanCommand["format"],
    targets: values["targets"] === true,
    out: values["out"] as string | undefined,
    stack,
    tenants: values["tenants"] as string | undefined,
    program: values["program"] as string | undefined,
  };
}

/** Stacks with a settings file, e.g. `Pulumi.prod.yaml` → prod. */
export function stacksIn(rootDir: string): string[] {
  return readdirSync(rootDir)
    .map((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}
