import { describe, expect, it } from "vitest";
import { changed, judge, judgePlans, planWithFleet, refusals, withInput } from "../../../helpers/gate";

const SERVER = "hcloud:index/server:Server";
const LOAD_BALANCER = "hcloud:index/loadBalancer:LoadBalancer";

describe("replacements, judged as the providers do", () => {
  it("refuses reordering a cluster's locations: both load balancers and the dedicated pool that default to the first one are replaced", async () => {
    const head = await planWithFleet((fleet) => {
      fleet.clusters["ada-lovelace"]!.locations = ["nbg1", "fsn1", "hel1"];
    });
    const refused = (await judgePlans(head)).filter((f) => f.verdict === "refused");
    expect(refused.map((f) => [f.resource.type, f.resource.name, f.what])).toEqual([
      [LOAD_BALANCER, "ada-lovelace-api", "is replaced (location forces a new one): loses its public addresses: every organisation's own DNS records point at the old ones"],
      [LOAD_BALANCER, "ada-lovelace-ingress", "is replaced (location forces a new one): loses its public addresses: every organisation's own DNS records point at the old ones"],
      ...[1, 2, 3].map((n) => [
        SERVER,
        `ada-lovelace-dedicated-sante-solidaire-${n}`,
        "is replaced (location forces a new one): loses the machine and its disk: a control-plane server takes its etcd member with it, a worker's pods restart elsewhere and Hetzner volumes, bound to their location, cannot follow it",
      ]),
    ]);
    expect(refused[0]!.remedy).toContain("append new locations to `locations`, never reorder them");
  });

  it("refuses moving a worker pool to another location, and lets it through once declared as a migration", async () => {
    const head = await planWithFleet((fleet) => {
      fleet.clusters["ada-lovelace"]!.pools["workers-nbg1"]!.location = "hel1";
    });
    const findings = await judgePlans(head);
    expect(findings.filter((f) => f.verdict === "refused").map((f) => f.resource.name)).toEqual(["ada-lovelace-workers-nbg1-1", "ada-lovelace-workers-nbg1-2"]);
    expect(findings[0]!.what).toContain("Hetzner volumes, bound to their location, cannot follow it");

    const declared = await planWithFleet((fleet) => {
      fleet.clusters["ada-lovelace"]!.pools["workers-nbg1"]!.location = "hel1";
      fleet.declaredChanges = {
        migrations: {
          "ada-lovelace-workers-nbg1-1": "nbg1 is full; volumes of tenants on it were moved to fsn1 beforehand",
          "ada-lovelace-workers-nbg1-2": "nbg1 is full; volumes of tenants on it were moved to fsn1 beforehand",
        },
      };
    });
    const passed = await judgePlans(declared);
    expect(passed.filter((f) => f.verdict === "refused")).toEqual([]);
    expect(passed.filter((f) => f.verdict === "declared").map((f) => f.remedy)).toEqual([
      expect.stringMatching(/^declared \(declaredChanges\.migrations: "nbg1 is full; .*"\): made anew: the machine and its disk/),
      expect.stringMatching(/^declared \(declaredChanges\.migrations: "nbg1 is full; .*"\): made anew: the machine and its disk/),
    ]);
  });

  it("refuses moving a control plane to another location: its etcd member goes", async () => {
    const head = await planWithFleet((fleet) => {
      fleet.clusters["ada-lovelace"]!.pools["control-hel1"]!.location = "fsn1";
    });
    expect(refusals(await judgePlans(head))).toEqual([
      expect.stringMatching(
        /^REFUSED: cluster ada-lovelace: hcloud:index\/server:Server ada-lovelace-control-hel1-1 is replaced \(location forces a new one\): loses a control-plane server: its etcd member.*; a control-plane server goes in steps: `kubectl delete node ada-lovelace-control-hel1-1` first/,
      ),
    ]);
  });

  it("lets a server type change through: Hetzner resizes a server in place", async () => {
    const head = await planWithFleet((fleet) => {
      fleet.clusters["ada-lovelace"]!.pools["workers-fsn1"]!.serverType = "cpx52";
    });
    expect(await judgePlans(head)).toEqual([]);
  });

  it("ignores what the program tells the engine to ignore: a node's image is read at first boot only", async () => {
    const { findings } = await judge((base) => changed(base, SERVER, "ada-lovelace-workers-fsn1-1", (r) => withInput(r, "image", "debian-13")));
    expect(findings).toEqual([]);
  });

  it("refuses a new clusterIdentifier (every resource on the cluster would be replaced), and lets it through as a declared rotation", async () => {
    const head = (base: Parameters<Parameters<typeof judge>[0]>[0]) =>
      changed(base, "pulumi:providers:kubernetes", "ada-lovelace-k8s", (r) => withInput(r, "clusterIdentifier", "ada"));
    expect(refusals((await judge(head)).findings)).toEqual([
      "REFUSED: cluster ada-lovelace: pulumi:providers:kubernetes ada-lovelace-k8s is replaced (clusterIdentifier forces a new one): loses the cluster's Kubernetes provider: every resource on the cluster is replaced with it; " +
        "put back what changed; to regenerate it on purpose, declare a rotation naming ada-lovelace-k8s in the fleet file (declaredChanges.rotations) saying how what depends on it follows",
    ]);
    const declared = await judge(head, { declared: { rotations: { "ada-lovelace-k8s": "the cluster was rebuilt from its backups" }, migrations: {} } });
    expect(declared.lines).toEqual([
      'declared: cluster ada-lovelace: pulumi:providers:kubernetes ada-lovelace-k8s is replaced (clusterIdentifier forces a new one): loses the cluster\'s Kubernetes provider: every resource on the cluster is replaced with it; declared (declaredChanges.rotations: "the cluster was rebuilt from its backups"): made anew: the cluster\'s Kubernetes provider: every resource on the cluster is replaced with it',
    ]);
  });

  it("refuses a regenerated Matrix signing key and a cluster CA key, each an identity", async () => {
    const { findings } = await judge((base) =>
      changed(
        changed(base, "random:index/randomBytes:RandomBytes", "la-fourmiliere-matrix-signing-seed", (r) => withInput(r, "length", 64)),
        "tls:index/privateKey:PrivateKey",
        "ada-lovelace-server-ca-key",
        (r) => withInput(r, "ecdsaCurve", "P384"),
      ),
    );
    expect(findings.map((f) => [f.verdict, f.resource.name, f.declarable?.kind])).toEqual([
      ["refused", "ada-lovelace-server-ca-key", "rotations"],
      ["refused", "la-fourmiliere-matrix-signing-seed", "rotations"],
    ]);
  });

  it("shows a replacement that loses nothing stored as +-, and lets it through", async () => {
    const { findings } = await judge((base) =>
      changed(base, "kubernetes:apps/v1:Deployment", "la-fourmiliere-matrix-element", (r) => withInput(r, "spec.selector.matchLabels.extra", "x")),
    );
    expect(findings.map((f) => [f.verdict, f.what])).toEqual([["replaced", "is replaced (spec.selector.matchLabels.extra forces a new one): made anew, nothing stored in it"]]);
  });
});
