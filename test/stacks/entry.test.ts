import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clusterHcloudTokenKey, kubeconfigConfigKey } from "../../model/fleet";
import prod from "../../stacks/prod";
import { ROOT_DIR, writeTenantDir } from "../helpers/declarations";
import { prodPlan } from "../helpers/plan";

interface EntryRun {
  readonly stderr: string;
  readonly result: { types: string[]; brokenTenants?: string; [output: string]: unknown };
}

describe("the Pulumi entry", () => {
  // One process loads the entry as Pulumi does, then, with its ts-node already warm, the program
  // on a broken tenant file: ts-node's type checks of the whole program are most of its time.
  let run: EntryRun;
  beforeAll(() => {
    // A comma forgotten after `name`: type checks fail too, but the syntax error is the cause.
    const broken = writeTenantDir({
      "casse.ts": `import { defineTenant } from ${JSON.stringify(join(ROOT_DIR, "model", "tenant"))};\nexport default defineTenant({\n  id: "casse",\n  name: "Casse"\n  contact: "x@casse.example",\n});\n`,
    });
    const spawned = spawnSync(process.execPath, [join(__dirname, "../helpers/load-entry-like-pulumi.cjs"), ROOT_DIR, broken], { encoding: "utf8" });
    run = { stderr: spawned.stderr, result: spawned.status === 0 ? JSON.parse(spawned.stdout) : { types: [] } };
  });

  it("loads and builds the stack as the Pulumi CLI runs it: from main's folder, ts-node with type checks", () => {
    expect(run.stderr).toBe("");
    const { brokenTenants: _second, ...result } = run.result;
    // The very resources of the offline plan (the suite's shared prod plan, recorded with tsx):
    // clusters, platforms, the fleet's services, tenants and their apps.
    const plan = prodPlan();
    expect(result.types).toEqual(plan.snapshot.resources.map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack").sort());
    expect(result.types).toContain("jardin:tenant:Tenant");
    // The readiness gates' provider code is serialized from ts-node's output too, as Pulumi does.
    expect(result.types).toContain("pulumi-nodejs:dynamic/jardin:HttpsReady");
    // prod turns off the default provider of every package the program uses but the dynamic one.
    const packages = new Set(result.types.filter((t) => !t.startsWith("jardin:")).map((t) => (t.startsWith("pulumi:providers:") ? t.split(":")[2]! : t.split(":")[0]!)));
    const stack = parse(readFileSync(join(ROOT_DIR, "Pulumi.prod.yaml"), "utf8"));
    expect(stack.config["pulumi:disable-default-providers"]).toEqual([...packages].filter((p) => p !== "pulumi-nodejs").sort());
    expect(result).toEqual({
      cwd: "stacks",
      types: result.types,
      clusters: plan.outputs.clusters,
      tenants: Object.keys(plan.outputs.tenants),
    });
    expect(result.tenants).toContain("cafe-des-possibles");
    // ts-node type-checks the whole program, Hetzner and TLS typings included, as Pulumi does:
    // some twenty seconds of CPU, which a busy machine stretches; the suite sets no time limit.
  });

  it("names a broken tenant file's line, column and what the compiler expected, as `pulumi up` loads it (ts-node, type checks on)", () => {
    expect(run.stderr).toBe("");
    // The file is named relative to the repository, here from a temp folder.
    expect(run.result.brokenTenants).toMatch(/\n {2}- \S*\/casse\.ts: does not compile at line 5, column 3: TS1005: ',' expected; fix the TypeScript there(\n|$)/);
  });

  it("declares in Pulumi.yaml, as described secrets, the kubeconfig of each adopted cluster and nothing of a created one", () => {
    const project = parse(readFileSync(join(ROOT_DIR, "Pulumi.yaml"), "utf8"));
    expect(project).toMatchObject({ name: "jardin", runtime: { name: "nodejs" }, main: "stacks/index.ts" });
    for (const [cluster, spec] of Object.entries(prod.clusters)) {
      if (spec.origin.kind === "created") {
        // Its kubeconfig is an output of the cluster, never config.
        expect(project.config[kubeconfigConfigKey(cluster)]).toBeUndefined();
        continue;
      }
      expect(project.config[kubeconfigConfigKey(cluster)]).toEqual({
        type: "string",
        secret: true,
        description: expect.stringContaining(cluster),
      });
    }
    // Each created cluster's drivers have a Hetzner token of their own (stacks/platforms.ts).
    for (const [cluster, spec] of Object.entries(prod.clusters)) {
      const declared = project.config[clusterHcloudTokenKey(cluster)];
      if (spec.origin.kind === "created") expect(declared).toEqual({ type: "string", secret: true, description: expect.stringContaining(cluster) });
      else expect(declared).toBeUndefined();
    }
    for (const key of ["hcloudToken", "backupsAccessKeyId", "backupsSecretAccessKey", "etcdSnapshotsAccessKeyId", "etcdSnapshotsSecretAccessKey"]) {
      expect(project.config[key]).toMatchObject({ type: "string", secret: true });
    }
  });

  it("turns default providers off in prod, so nothing lands on an ambient cluster", () => {
    const stack = parse(readFileSync(join(ROOT_DIR, "Pulumi.prod.yaml"), "utf8"));
    // Every package but the dynamic resources' (pulumi-nodejs): the first test holds it to the program's.
    expect(stack.config["pulumi:disable-default-providers"]).toEqual(["hcloud", "keycloak", "kubernetes", "random", "tls"]);
  });
});
