import { describe, expect, it } from "vitest";
import { helpText, parsePlanCommand, PLAN_OPTIONS } from "../../../scripts/plan/cli";
import { ROOT_DIR } from "../../helpers/declarations";

const parse = (...args: string[]) => parsePlanCommand(args, ROOT_DIR);
const failure = (...args: string[]) => {
  try {
    parse(...args);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("parsed without an error");
};

describe("the plan's command line", () => {
  it("defaults to the prod stack, text, no base", () => {
    expect(parse()).toEqual({ help: false, base: undefined, format: "text", targets: false, out: undefined, stack: "prod", tenants: undefined, program: undefined });
    expect(parse("--program", "extra.ts")).toMatchObject({ program: "extra.ts" });
    expect(parse("--base", "main", "--format", "markdown", "--targets")).toMatchObject({ base: "main", format: "markdown", targets: true });
  });

  it("has a help with every option and an example", () => {
    const help = helpText();
    for (const option of ["--base FILE|GIT_REF", "--format text|markdown", "--targets", "--out FILE", "--stack NAME", "--tenants DIR", "--program FILE", "--help"]) {
      expect(help).toContain(`  ${option} `);
    }
    expect(Object.keys(PLAN_OPTIONS)).toHaveLength(8);
    expect(help).toContain("npm run plan -- --base main --format markdown");
    expect(parse("--help").help).toBe(true);
  });

  it("names the stacks for a stack without its Pulumi.<stack>.yaml", () => {
    expect(failure("--stack", "staging")).toBe('stack "staging" has no Pulumi.staging.yaml; the stacks are prod');
  });

  it("names the options in one line, and guesses, for an unknown option", () => {
    expect(failure("--bsae", "main")).toBe(
      "Unknown option '--bsae' (did you mean --base?); the options are --base, --format, --targets, --out, --stack, --tenants, --program, --help (npm run plan -- --help)",
    );
  });

  it("names the formats, and what --targets needs", () => {
    expect(failure("--format", "html")).toBe('--format "html" is not a format; use text or markdown');
    expect(failure("--targets")).toBe("--targets needs --base GIT_REF: the targets are what changed against it");
  });

  it("names the options for a misplaced value", () => {
    expect(failure("main")).toBe(
      "Unexpected argument 'main'. This command does not take positional arguments; the options are --base, --format, --targets, --out, --stack, --tenants, --program, --help (npm run plan -- --help)",
    );
  });
});
