import { describe, expect, it } from "vitest";
import { tenantSchema, type TenantInput } from "../../model/tenant";
import { crossTenantProblems, type LoadedTenant } from "../../model/tenant-rules";
import { baselineTenant, prodFleet } from "../helpers/declarations";

const FLEET_FILE = "stacks/prod.ts";
const FILE = "tenants/fede-educpop.ts";

// A compliant move: fede-educpop is admitted on louise-michel (stacks/prod.ts) and goes to ada-lovelace.
const MOVE: Partial<TenantInput> = { id: "fede-educpop", domain: "educpop.example", cluster: "ada-lovelace", move: { from: "louise-michel", phase: "restore" } };
const problems = (overrides: Partial<TenantInput> = {}) => {
  const loaded: LoadedTenant = { file: FILE, tenant: tenantSchema.parse(baselineTenant({ ...MOVE, ...overrides })) };
  return crossTenantProblems(prodFleet(), FLEET_FILE, [loaded]);
};

describe("a declared move", () => {
  it("passes from the retiring cluster that admits the organisation to an active one", () => {
    expect(problems()).toEqual([]);
  });

  it("refuses an origin that is not a cluster of the fleet, suggesting the closest", () => {
    expect(problems({ move: { from: "louise-michell", phase: "restore" } })).toEqual([
      { file: FILE, field: "move.from", message: '"louise-michell" is not a cluster of stacks/prod.ts (did you mean "louise-michel"?); name the cluster the organisation runs on now: "ada-lovelace" or "louise-michel"' },
    ]);
  });

  it("refuses a move to the cluster it comes from", () => {
    expect(problems({ cluster: "louise-michel", move: { from: "louise-michel", phase: "restore" } })).toEqual([
      { file: FILE, field: "move.from", message: 'the move comes from "louise-michel" and goes to cluster "louise-michel", the same one; set cluster to where the organisation goes, or remove move' },
      { file: FILE, field: "cluster", message: '"louise-michel" is retiring: a move goes to an active cluster; set cluster to "ada-lovelace"' },
    ]);
  });

  it("refuses a move to a retiring cluster, naming the active ones", () => {
    const fleet = prodFleet();
    fleet.clusters["ada-lovelace"] = { ...fleet.clusters["ada-lovelace"]!, status: "retiring", admitted: [] };
    fleet.clusters["louise-michel"] = { ...fleet.clusters["louise-michel"]!, status: "active" };
    const loaded: LoadedTenant = { file: FILE, tenant: tenantSchema.parse(baselineTenant(MOVE)) };
    expect(crossTenantProblems(fleet, FLEET_FILE, [loaded]).filter((p) => p.field === "cluster")).toEqual([
      { file: FILE, field: "cluster", message: '"ada-lovelace" is retiring: a move goes to an active cluster; set cluster to an active cluster (declare one first)' },
    ]);
  });

  it("refuses a move from a retiring cluster that does not host the organisation", () => {
    const fleet = prodFleet();
    fleet.clusters["louise-michel"] = { ...fleet.clusters["louise-michel"]!, admitted: [] };
    const loaded: LoadedTenant = { file: FILE, tenant: tenantSchema.parse(baselineTenant(MOVE)) };
    expect(crossTenantProblems(fleet, FLEET_FILE, [loaded])).toEqual([
      { file: FILE, field: "move.from", message: '"louise-michel" does not host this organisation (stacks/prod.ts clusters.louise-michel.admitted does not list "fede-educpop"); name the cluster it runs on now' },
    ]);
  });

  it("refuses moving an archived organisation or one still being imported", () => {
    expect(problems({ state: "archived" }).map((p) => p.field)).toEqual(["state"]);
    const importing = problems({ adopt: { step: "import", namespace: true, realm: false } });
    expect(importing.map((p) => [p.field, p.message])).toEqual([
      ["adopt.step", 'an organisation still being imported cannot move: its backups are not jardin\'s yet; finish the adoption (adopt.step: "converge") in an earlier pull request, then move it'],
    ]);
  });

  it("checks an adoption against the cluster the organisation leaves, not the one it goes to", () => {
    expect(problems({ adopt: { step: "converge", namespace: true, realm: true } })).toEqual([]);
    expect(problems({ adopt: { step: "converge", namespace: true, realm: true }, cluster: "ada-lovelace", move: undefined })).toEqual([
      { file: FILE, field: "adopt", message: '"ada-lovelace" is a cluster jardin creates: nothing ran there before it; remove adopt, or set cluster to the adopted cluster the organisation runs on' },
    ]);
  });

  it("refuses an unknown phase and a recovery target without its offset, in the schema, naming the field", () => {
    const parse = (move: unknown) => tenantSchema.safeParse(baselineTenant({ ...MOVE, move } as Partial<TenantInput>));
    expect(parse({ from: "louise-michel", phase: "copy" }).error?.issues.map((i) => i.path.join("."))).toEqual(["move.phase"]);
    const time = parse({ from: "louise-michel", phase: "restore", recoveryTargetTime: "2027-01-15 22:00" });
    expect(time.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["move.recoveryTargetTime", 'write a moment in RFC 3339 with its offset, e.g. "2027-01-15T22:00:00+01:00"'],
    ]);
  });
});
