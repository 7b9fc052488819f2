import { describe, expect, it } from "vitest";
import { recordPlan } from "../../../scripts/plan/record";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { ROOT_DIR } from "../../helpers/declarations";
import { URN } from "../../helpers/plan";

type Spec = {
  podSelector: Record<string, unknown>;
  policyTypes: string[];
  ingress?: { from?: Record<string, any>[]; ports?: { protocol: string; port: number }[] }[];
  egress?: { to?: Record<string, any>[]; ports?: { protocol: string; port: number }[] }[];
};
interface Policy {
  readonly cluster: string;
  readonly namespace: string;
  readonly name: string;
  readonly spec: Spec;
}

const PLATFORM_NAMESPACES = {
  "ada-lovelace": ["cert-manager", "cnpg-system", "jardin", "k8up", "keycloak", "kube-system", "monitoring", "system-upgrade", "traefik"],
  // An adopted cluster: only what jardin installs there (its kube-system and ingress are the cluster's own).
  "louise-michel": ["cnpg-system", "jardin", "k8up", "monitoring"],
} as const;

let planned: Promise<Policy[]> | undefined;
/** Every NetworkPolicy of the prod plan outside tenants' namespaces, with its cluster. */
function platformPolicies(): Promise<Policy[]> {
  planned ??= recordPlan({ rootDir: ROOT_DIR, stack: "prod" }).then(({ snapshot: { resources } }) => {
    const clusterOf = (r: SnapshotResource) =>
      r.provider === URN.createdProvider("ada-lovelace") ? "ada-lovelace" : r.provider === URN.adoptedProvider("louise-michel") ? "louise-michel" : "?";
    return resources
      .filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")
      .map((r) => {
        const inputs = r.inputs as { metadata: { name: string; namespace: string }; spec: Spec };
        return { cluster: clusterOf(r), namespace: inputs.metadata.namespace, name: inputs.metadata.name, spec: inputs.spec };
      })
      .filter((p) => (Object.values(PLATFORM_NAMESPACES) as readonly (readonly string[])[]).some((list) => list.includes(p.namespace)));
  });
  return planned;
}
const policy = async (cluster: string, namespace: string, name: string) => {
  const found = (await platformPolicies()).find((p) => p.cluster === cluster && p.namespace === namespace && p.name === name);
  if (found === undefined) throw new Error(`no NetworkPolicy ${namespace}/${name} on ${cluster}`);
  return found.spec;
};
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));
const NODES = [{ ipBlock: { cidr: "10.0.1.0/24" } }];
const PUBLIC = { ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"] } };

describe("the platform namespaces' NetworkPolicies", () => {
  it.each(Object.entries(PLATFORM_NAMESPACES).flatMap(([cluster, namespaces]) => namespaces.map((namespace) => [cluster, namespace])))(
    "deny everything in %s's %s before allowing what its pods need",
    async (cluster, namespace) => {
      expect(await policy(cluster, namespace, "default-deny")).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    },
  );

  it("never reach the metadata service, but the CSI driver on port 80; nor the private network, but the API servers on 6443 and the kubelets for metrics-server and the metrics store", async () => {
    const reached: string[] = [];
    for (const p of await platformPolicies()) {
      for (const rule of p.spec.egress ?? []) {
        for (const peer of rule.to ?? []) {
          const cidr: string | undefined = peer["ipBlock"]?.cidr;
          if (cidr === undefined || cidr === "0.0.0.0/0") continue;
          reached.push(`${p.cluster} ${p.namespace}/${p.name} ${cidr} ${(rule.ports ?? []).map((port) => port.port).join(",")}`);
        }
      }
      // Every rule towards the whole internet carves out the private and link-local ranges.
      const wide = JSON.stringify(p.spec.egress ?? []).match(/"cidr":"0\.0\.0\.0\/0"(,"except":\[[^\]]*\])?/g) ?? [];
      for (const rule of wide) expect(rule, `${p.namespace}/${p.name}`).toContain('"169.254.0.0/16"');
    }
    const allowed = /^(ada-lovelace .* 10\.0\.1\.0\/24 6443|ada-lovelace (kube-system\/metrics-server|monitoring\/kubelets) 10\.0\.1\.0\/24 10250|ada-lovelace kube-system\/csi-driver 169\.254\.169\.254\/32 80|ada-lovelace keycloak\/keycloak (198\.51\.100\.20\/32|\[unknown\]) 443|louise-michel .* (10\.0\.0\.0\/8|172\.16\.0\.0\/12|192\.168\.0\.0\/16) 6443|louise-michel monitoring\/kubelets (10\.0\.0\.0\/8|172\.16\.0\.0\/12|192\.168\.0\.0\/16) 10250)$/;
    expect(reached.filter((r) => !allowed.test(r))).toEqual([]);
    expect(reached).toContain("ada-lovelace kube-system/csi-driver 169.254.169.254/32 80");
    expect(reached).toContain("ada-lovelace monitoring/kubelets 10.0.1.0/24 10250");
  });

  it("let the metrics store read the kubelets and answer the API servers' proxy, Alertmanager reach the relay, and nothing else leave the monitoring namespace", async () => {
    const store = { matchLabels: { "app.kubernetes.io/name": "vmsingle" } };
    expect(await policy("ada-lovelace", "monitoring", "kubelets")).toEqual({ podSelector: store, policyTypes: ["Egress"], egress: [{ to: NODES, ports: tcp(10250) }] });
    expect(await policy("ada-lovelace", "monitoring", "queries")).toEqual({ podSelector: store, policyTypes: ["Ingress"], ingress: [{ from: NODES, ports: tcp(8428) }] });
    expect(await policy("ada-lovelace", "monitoring", "mail")).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "vmalertmanager" } },
      policyTypes: ["Egress"],
      egress: [{ to: [PUBLIC], ports: tcp(587) }],
    });
    expect(await policy("ada-lovelace", "monitoring", "internal")).toEqual({
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    });
    const names = (await platformPolicies()).filter((p) => p.cluster === "ada-lovelace" && p.namespace === "monitoring").map((p) => p.name).sort();
    expect(names).toEqual(["api", "default-deny", "dns", "internal", "kubelets", "mail", "queries"]);
  });

  it("let the world reach Traefik's entry points only, and Traefik reach backends and the API", async () => {
    expect(await policy("ada-lovelace", "traefik", "entry-points")).toEqual({
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: tcp(8000, 8443) }],
    });
    expect((await policy("ada-lovelace", "traefik", "backends")).egress).toEqual([{ to: [{ namespaceSelector: {} }] }]);
    expect((await policy("ada-lovelace", "traefik", "api")).egress).toEqual([{ to: NODES, ports: tcp(6443) }]);
  });

  it("let the API servers call the admission webhooks, and the operators drive what they run", async () => {
    expect(await policy("ada-lovelace", "cert-manager", "webhook")).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/component": "webhook" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: NODES, ports: tcp(10250) }],
    });
    expect((await policy("ada-lovelace", "cert-manager", "acme")).egress).toEqual([{ to: [PUBLIC], ports: tcp(443, 80) }]);
    expect((await policy("ada-lovelace", "cnpg-system", "webhook")).ingress).toEqual([{ from: NODES, ports: tcp(9443) }]);
    expect((await policy("ada-lovelace", "cnpg-system", "instances")).egress).toEqual([
      { to: [{ namespaceSelector: {}, podSelector: { matchExpressions: [{ key: "cnpg.io/cluster", operator: "Exists" }] } }], ports: tcp(8000, 5432) },
    ]);
    expect(await policy("ada-lovelace", "kube-system", "kube-dns")).toMatchObject({
      ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP", port: 53 }, ...tcp(53)] }],
      egress: [{ to: [PUBLIC], ports: [{ protocol: "UDP", port: 53 }, ...tcp(53)] }],
    });
  });

  it("let Keycloak be reached by the ingress and reach its database and the relay; its database the operator, object storage and the API", async () => {
    const keycloak = await policy("ada-lovelace", "keycloak", "keycloak");
    const traefik = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "traefik" } }, podSelector: {} };
    expect(keycloak.ingress![0]).toEqual({ from: [traefik], ports: tcp(8080) });
    expect(keycloak.egress!.slice(1)).toEqual([
      { to: [{ podSelector: { matchExpressions: [{ key: "cnpg.io/cluster", operator: "Exists" }] } }], ports: tcp(5432) },
      { to: [PUBLIC], ports: tcp(587) },
      // Back-channel logout: logout tokens to apps' public hostnames, on every cluster's ingress.
      // louise-michel's from the fleet file; ada-lovelace's load balancer's, known once created.
      { to: [{ ipBlock: { cidr: "198.51.100.20/32" } }, { ipBlock: { cidr: "[unknown]" } }], ports: tcp(443) },
    ]);
    expect((await policy("ada-lovelace", "keycloak", "database")).egress!.slice(1)).toEqual([{ to: [PUBLIC], ports: tcp(443) }, { to: NODES, ports: tcp(6443) }]);
    expect(await policy("ada-lovelace", "jardin", "from-ingress")).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "maintenance" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [traefik], ports: tcp(8080) }],
    });
    // On the adopted cluster, the maintenance page is reached from its own ingress controller.
    expect((await policy("louise-michel", "jardin", "from-ingress")).ingress![0]!.from![0]!["namespaceSelector"]).toEqual({
      matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" },
    });
  });
});
