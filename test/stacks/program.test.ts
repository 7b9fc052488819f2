import { join, relative } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { runUnderMocks } from "../../scripts/plan/mock-runtime";
import { recordPlan } from "../../scripts/plan/record";
import { readStackConfig } from "../../scripts/plan/stack-config";
import { loadDeclarations } from "../../model/registry";
import { videobridgePorts } from "../../model/videobridge-ports";
import { buildStack } from "../../stacks/program";
import { FLEETS } from "../../stacks/fleets";
import { baselineTenant, ROOT_DIR, writeTenantDir } from "../helpers/declarations";
import { planWithTenants, prodPlan, resourceAt, URN } from "../helpers/plan";

const expectedLabels = (id: string, cluster: string, lifecycle: string) => ({
  "app.kubernetes.io/instance": id,
  "app.kubernetes.io/part-of": "jardin",
  "app.kubernetes.io/managed-by": "pulumi",
  "jardin/tenant": id,
  "jardin/cluster": cluster,
  "jardin/lifecycle": lifecycle,
  "jardin/plan": "shared",
});

describe("the program", () => {
  it("gives a tenant its namespace, labelled, through its own cluster's provider, protected and retained", async () => {
    const { snapshot } = await planWithTenants({ "fede-educpop.ts": baselineTenant({ id: "fede-educpop", name: "Fédé Éduc Pop", domain: "educpop.example", cluster: "louise-michel" }) });
    expect(resourceAt(snapshot.resources, URN.namespace("fede-educpop"))).toEqual({
      urn: URN.namespace("fede-educpop"),
      type: "kubernetes:core/v1:Namespace",
      name: "fede-educpop-namespace",
      parent: URN.tenant("fede-educpop"),
      provider: URN.adoptedProvider("louise-michel"),
      protect: true,
      retainOnDelete: true,
      // Its cluster's provider orders it; it waits for nothing else.
      dependencies: [],
      inputs: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name: "fede-educpop",
          labels: {
            ...expectedLabels("fede-educpop", "louise-michel", "active"),
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
          },
          annotations: { "jardin/display-name": "Fédé Éduc Pop" },
        },
      },
    });
  });

  it("deploys each tenant through the provider of the cluster its file names", async () => {
    const { snapshot } = await planWithTenants({
      "les-semeurs.ts": baselineTenant({ cluster: "ada-lovelace" }),
      // louise-michel is retiring: only a tenant it still hosts (admitted) can name it.
      "fede-educpop.ts": baselineTenant({ id: "fede-educpop", domain: "educpop.example", cluster: "louise-michel" }),
    });
    expect(resourceAt(snapshot.resources, URN.namespace("les-semeurs")).provider).toBe(URN.createdProvider("ada-lovelace"));
    expect(resourceAt(snapshot.resources, URN.namespace("fede-educpop")).provider).toBe(URN.adoptedProvider("louise-michel"));
  });

  it("keeps a tenant's URN free of its cluster, so moving it is not a delete and a create", async () => {
    const { snapshot } = await planWithTenants({ "les-semeurs.ts": baselineTenant() });
    expect(resourceAt(snapshot.resources, URN.tenant("les-semeurs")).parent).toBeNull();
  });

  it("builds one provider per cluster, pinned to the cluster's identity, with URNs that never change", async () => {
    const { snapshot } = await planWithTenants({});
    const providers = snapshot.resources.filter((r) => r.type === "pulumi:providers:kubernetes");
    expect(providers.map((p) => [p.urn, p.parent, p.inputs])).toEqual([
      [
        URN.adoptedProvider("louise-michel"),
        "urn:pulumi:prod::jardin::jardin:cluster:AdoptedCluster::louise-michel",
        { kubeconfig: "[secret]", clusterIdentifier: "louise-michel", deleteUnreachable: "false" },
      ],
      [
        URN.createdProvider("ada-lovelace"),
        "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster::ada-lovelace",
        // Built from the cluster's machines: unknown until they exist, as at a first preview.
        { kubeconfig: "[unknown]", clusterIdentifier: "ada-lovelace", deleteUnreachable: "false" },
      ],
    ]);
  });

  it("gives every resource of the prod plan an explicit provider, as prod disables the default ones", () => {
    const { snapshot } = prodPlan();
    const custom = snapshot.resources.filter((r) => !r.type.startsWith("jardin:") && !r.type.startsWith("pulumi:providers:"));
    expect(custom.length).toBeGreaterThan(0);
    // But the readiness gates: dynamic resources, which only pulumi-nodejs's default provider runs
    // (Pulumi.prod.yaml leaves that one on).
    expect(custom.filter((r) => r.provider === null).map((r) => r.urn)).toEqual([
      "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster$pulumi-nodejs:dynamic/jardin:HttpsReady::ada-lovelace-api-ready",
      "urn:pulumi:prod::jardin::jardin:platform:FleetKeycloak$pulumi-nodejs:dynamic/jardin:HttpsReady::sso-ready",
    ]);
  });

  it("returns outputs that say where each tenant lives", async () => {
    const { outputs } = await planWithTenants({ "les-semeurs.ts": baselineTenant() });
    expect(outputs.clusters).toEqual({
      "louise-michel": { origin: "adopted", status: "retiring" },
      "ada-lovelace": { origin: "created", status: "active" },
    });
    expect(outputs.tenants["les-semeurs"]).toMatchObject({
      cluster: "ada-lovelace",
      state: "active",
      hostnames: ["cloud.semeurs.example", "office.semeurs.example", "visio.semeurs.example"],
    });
  });

  it("registers nothing at all when one tenant file is invalid", async () => {
    const tenantsDir = writeTenantDir({
      "les-semeurs.ts": baselineTenant(),
      "la-ruche.ts": baselineTenant({ id: "la-ruche", domain: "laruche.example", cluster: "marie-curie" }),
    });
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, () =>
      buildStack({ rootDir: ROOT_DIR, tenantsDir }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(run.resources).toEqual([]);
    expect(run.result).toBeInstanceOf(pulumi.RunError);
    expect((run.result as Error).message).toBe(
      "jardin: 1 problem in the declarations; nothing was deployed:\n" +
        `  - ${relative(ROOT_DIR, join(tenantsDir, "la-ruche.ts"))}: cluster: ` +
        '"marie-curie" is not a cluster of stacks/prod.ts; use "ada-lovelace" or "louise-michel"',
    );
  });

  it("refuses a tenant file claiming the platform's sso. name, before registering anything", async () => {
    const tenantsDir = writeTenantDir({
      "les-semeurs.ts": baselineTenant({ domain: "semeurs.jardin.example", apps: { jitsi: { hostname: "sso.jardin.example" } } }),
    });
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, () =>
      buildStack({ rootDir: ROOT_DIR, tenantsDir }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(run.resources).toEqual([]);
    expect((run.result as Error).message).toBe(
      "jardin: 2 problems in the declarations; nothing was deployed:\n" +
        `  - ${relative(ROOT_DIR, join(tenantsDir, "les-semeurs.ts"))}: apps.jitsi.hostname: ` +
        '"sso.jardin.example" belongs to the platform (the fleet\'s single sign-on (Keycloak) answers on sso.jardin.example); use a name under the organisation\'s domain "semeurs.jardin.example"\n' +
        `  - ${relative(ROOT_DIR, join(tenantsDir, "les-semeurs.ts"))}: apps.jitsi.hostname: ` +
        '"sso.jardin.example" is outside the organisation\'s domain "semeurs.jardin.example"; use a name under it, like "sso.semeurs.jardin.example"',
    );
  });

  it("builds tenants one at a time: each tenant's resources reach the engine before the next tenant is built", async () => {
    const order: string[] = [];
    await recordPlan({
      rootDir: ROOT_DIR,
      tenantsDir: writeTenantDir({
        "les-semeurs.ts": baselineTenant(),
        "les-glaneuses.ts": baselineTenant({ id: "les-glaneuses", name: "Les Glaneuses", contact: "contact@glaneuses.example", domain: "glaneuses.example", sso: { admins: ["admin@glaneuses.example"] } }),
      }),
      // Called as each registration reaches the (mock) engine.
      outputs: (args) => {
        const tenant = /^(les-semeurs|les-glaneuses)-/.exec(args.name)?.[1];
        if (tenant !== undefined) order.push(tenant);
        return {};
      },
    });
    // Files load in name order: les-glaneuses first, then les-semeurs; no interleaving. Built all at
    // once, a thousand tenants' resources would be in flight together, and their memory with them.
    const first = order.indexOf("les-semeurs");
    expect(first).toBeGreaterThan(0);
    expect(order.slice(0, first).every((t) => t === "les-glaneuses")).toBe(true);
    expect(order.slice(first).every((t) => t === "les-semeurs")).toBe(true);
  });

  it("gives every Jitsi tenant of a cluster its own videobridge NodePort, and wires each tenant to its own", async () => {
    const { snapshot } = prodPlan();
    const media = snapshot.resources.filter((r) => r.type === "kubernetes:core/v1:Service" && r.name.endsWith("-jitsi-media"));
    const ports = media.map((r) => {
      const inputs = r.inputs as { metadata: { namespace: string }; spec: { ports: { nodePort: number }[] } };
      return { tenant: inputs.metadata.namespace, port: inputs.spec.ports[0]!.nodePort };
    });
    expect(ports.map((p) => p.tenant).sort()).toEqual(["fede-educpop", "la-fourmiliere", "sante-solidaire"]);
    const ada = ports.filter((p) => p.tenant !== "fede-educpop").map((p) => p.port);
    expect(new Set(ada).size).toBe(ada.length);
    const expected = videobridgePorts((await loadDeclarations({ rootDir: ROOT_DIR, fleet: FLEETS["prod"]!, tenantsDir: join(ROOT_DIR, "tenants") })).tenants.map((t) => t.tenant));
    for (const { tenant, port } of ports) expect(port).toBe(expected.get(tenant));
  });

  it("refuses a stack that has no fleet file", async () => {
    const run = await runUnderMocks({ project: "jardin", stack: "staging" }, () =>
      buildStack({ rootDir: ROOT_DIR }).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    expect(run.resources).toEqual([]);
    expect((run.result as Error).message).toBe('jardin: no fleet file for stack "staging"; the stacks are prod (see stacks/fleets.ts)');
  });
});

describe("the stack's outputs", () => {
  it("give each cluster's admin kubeconfig, as a secret: the one built for a created cluster, the one config holds for an adopted one", async () => {
    const config = readStackConfig(ROOT_DIR, "prod");
    const run = await runUnderMocks({ project: config.project, stack: "prod", config: config.values, secretKeys: config.secretKeys }, async () => {
      const { kubeconfigs } = await buildStack({ rootDir: ROOT_DIR });
      const isSecret = (value: pulumi.Output<string>) => new Promise<boolean>((resolve) => void pulumi.isSecret(value).then(resolve));
      return {
        clusters: Object.keys(kubeconfigs).sort(),
        secret: await Promise.all(Object.values(kubeconfigs).map(isSecret)),
        adopted: await new Promise<string>((resolve) => kubeconfigs["louise-michel"]!.apply(resolve)),
      };
    });
    expect(run.result).toEqual({ clusters: ["ada-lovelace", "louise-michel"], secret: [true, true], adopted: config.values["jardin:kubeconfig-louise-michel"] });
  });
});
