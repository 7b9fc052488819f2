import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/all";
import { enforcementLevelOf, loadPackConfig } from "../../policies/config";
import { checkPolicies } from "../../scripts/plan/policies";
import { recordPlan, type RecordedPlan } from "../../scripts/plan/record";
import { ROOT_DIR } from "../helpers/declarations";
import { HAND_WRITTEN, prodPlanWith, writeHandWrittenProgram } from "../helpers/hand-written";
import { prodPlan } from "../helpers/plan";
import { planInProcess } from "../helpers/plan-command";
import { tempDir } from "../helpers/temp";

const config = loadPackConfig();
const NAMES = Object.keys(HAND_WRITTEN);
const levelOf = (name: string) => enforcementLevelOf(POLICIES.find((p) => p.name === name)!, config);
const line = (name: string) => `  [${levelOf(name)}] ${name}: ${HAND_WRITTEN[name]!.urn}: ${HAND_WRITTEN[name]!.message}`;

describe("the pack stops a resource written by hand, not through jardin's components", () => {
  let prodOnly: Awaited<ReturnType<typeof checkPolicies>>;
  // The prod plan with every hand-written resource, as `--program FILE` records it: one recording
  // for the two tests below that read it.
  const program = writeHandWrittenProgram(NAMES);
  let withEveryViolation: Promise<RecordedPlan>;
  beforeAll(async () => {
    prodOnly = await checkPolicies(prodPlan().snapshot, POLICIES, config);
    withEveryViolation = recordPlan({ rootDir: ROOT_DIR, extraProgram: program });
  });

  it("has a hand-written violation for every policy of the pack", () => {
    expect([...NAMES].sort()).toEqual(POLICIES.map((p) => p.name).sort());
  });

  it("npm run plan -- --program FILE lists each policy's violation and fails", async () => {
    const run = await planInProcess(["--program", program], {
      // The command hands the program on to the recorder; what it records is held below.
      record: async (options) => {
        expect(options).toMatchObject({ rootDir: ROOT_DIR, stack: "prod", tenantsDir: undefined, extraProgram: resolve(program) });
        return withEveryViolation;
      },
    });
    expect(run.stderr).toBe("");
    for (const name of NAMES) expect(run.stdout).toContain(`${line(name)}\n`);
    expect(run.status).toBe(1);
  });

  it("refuses a --program module whose default export is not a function, naming it", async () => {
    const file = join(tempDir("program"), "not-a-program.ts");
    writeFileSync(file, "export default { resources: [] };\n");
    await expect(recordPlan({ rootDir: ROOT_DIR, extraProgram: file })).rejects.toThrow(
      `--program ${file}: its default export must be a function that registers resources`,
    );
  });

  it("plans hand-written resources after the program, in the same stack: the same plan as the prod plan beside them", async () => {
    const { snapshot } = await withEveryViolation;
    expect(snapshot.resources.length).toBeGreaterThan(prodPlan().snapshot.resources.length);
    expect(snapshot).toStrictEqual(await prodPlanWith(NAMES));
  });

  it.each(NAMES)("%s alone: its one violation, and the plan fails if the policy is mandatory", async (name) => {
    const snapshot = await prodPlanWith([name]);
    const violations = await checkPolicies(snapshot, POLICIES, config);
    // Each hand-written resource breaks its own policy only (beside the prod plan's own findings).
    expect(violations.filter((v) => v.urn === HAND_WRITTEN[name]!.urn)).toEqual([
      { policy: name, enforcementLevel: levelOf(name), urn: HAND_WRITTEN[name]!.urn, message: HAND_WRITTEN[name]!.message },
    ]);
    expect(violations.filter((v) => v.urn !== HAND_WRITTEN[name]!.urn)).toEqual(prodOnly);
    expect(violations.some((v) => v.enforcementLevel === "mandatory")).toBe(levelOf(name) === "mandatory");
  });
});
