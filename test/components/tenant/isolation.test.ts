import { describe, expect, it } from "vitest";
import { tenantLimits } from "../../../components/workload/quota";
import { byType, inputs } from "../../helpers/app-scope";
import { SSO_ADDRESS, tenantResources } from "../../helpers/tenant";

const PUBLIC = { ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"] } };

describe("tenantLimits", () => {
  it("sums every pod's requests and memory limits, times its count", () => {
    expect(
      tenantLimits(
        [
          { app: "a", owner: "a/web", cpuMillis: 100, memoryMiB: 128, memoryLimitMiB: 256, pods: 2 },
          { app: "a", owner: "a/db", cpuMillis: 250, memoryMiB: 512, memoryLimitMiB: 1024, pods: 3 },
        ],
        1024,
      ),
    ).toEqual({
      quota: { pods: "5", "requests.cpu": "950m", "requests.memory": "1792Mi", "limits.memory": "3584Mi" },
      maxContainerMemory: "1024Mi",
    });
  });

  it("allows no pod when no app runs, and keeps the default limit as the floor of the cap", () => {
    expect(tenantLimits([], 0)).toEqual({
      quota: { pods: "0", "requests.cpu": "0m", "requests.memory": "0Mi", "limits.memory": "0Mi" },
      maxContainerMemory: "128Mi",
    });
  });
});

describe("the tenant's NetworkPolicies", () => {
  async function policies() {
    const resources = await tenantResources();
    return Object.fromEntries(byType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => [inputs(p).metadata.name, inputs(p).spec]));
  }

  it("are one per concern: deny, DNS, the ingress, each multi-pod app, databases, and each egress need", async () => {
    expect(Object.keys(await policies()).sort()).toEqual([
      "acme-http01-solver",
      "databases",
      "default-deny",
      "dns",
      "egress-internet",
      "egress-peers",
      "egress-smtp",
      "egress-sso",
      "from-ingress",
      "jitsi-media",
      "nextcloud-internal",
    ]);
  });

  it("deny everything both ways, then allow DNS to kube-dns only", async () => {
    const p = await policies();
    expect(p["default-deny"]).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expect(p["dns"]).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
        },
      ],
    });
  });

  it("admit traffic from the ingress controller's namespace only, to pods behind an Ingress", async () => {
    expect((await policies())["from-ingress"]).toEqual({
      podSelector: { matchLabels: { "jardin/from-ingress": "allow" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "traefik" } } }] }],
    });
  });

  it("let egress reach the fleet's Keycloak, the relay and the internet, never private ranges or the metadata address", async () => {
    const p = await policies();
    expect(p["egress-sso"]).toEqual({
      podSelector: { matchLabels: { "jardin/egress-sso": "allow" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: `${SSO_ADDRESS}/32` } }], ports: [{ protocol: "TCP", port: 443 }] }],
    });
    expect(p["egress-smtp"].egress).toEqual([{ to: [PUBLIC], ports: [{ protocol: "TCP", port: 587 }] }]);
    expect(p["egress-internet"].egress).toEqual([{ to: [PUBLIC], ports: [{ protocol: "TCP", port: 443 }] }]);
    expect(p["egress-peers"].egress).toEqual([{ to: [{ ipBlock: { cidr: "203.0.113.10/32" } }], ports: [{ protocol: "TCP", port: 443 }] }]);
    expect(p["databases"].egress).toEqual([
      // Object storage on a public address, never the private network; the API on its servers only.
      { to: [PUBLIC], ports: [{ protocol: "TCP", port: 443 }] },
      { to: [{ ipBlock: { cidr: "10.0.1.0/24" } }], ports: [{ protocol: "TCP", port: 6443 }] },
    ]);
    // Every rule towards the whole internet carves out the metadata service.
    const wide = JSON.stringify(Object.values(p)).match(/"cidr":"0\.0\.0\.0\/0","except":\[[^\]]*\]/g) ?? [];
    expect(wide.length).toBeGreaterThan(0);
    for (const rule of wide) expect(rule).toMatch(/169\.254\.(169\.254\/32|0\.0\/16)/);
  });

  it("let an app's pods talk to each other, and its databases to their operator", async () => {
    const p = await policies();
    const own = { matchLabels: { "app.kubernetes.io/name": "nextcloud" } };
    expect(p["nextcloud-internal"]).toEqual({ podSelector: own, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: own }] }], egress: [{ to: [{ podSelector: own }] }] });
    // cert-manager v1.21.1's HTTP-01 solver pods (model/contract/acme-solver.ts): the ingress
    // controller reaches them on 8089, or no certificate of the tenant is issued.
    expect(p["acme-http01-solver"]).toEqual({
      podSelector: { matchLabels: { "acme.cert-manager.io/http01-solver": "true" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "traefik" } } }], ports: [{ protocol: "TCP", port: 8089 }] }],
    });
    expect(p["databases"].ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "cnpg-system" } } }], ports: [{ protocol: "TCP", port: 5432 }, { protocol: "TCP", port: 8000 }] },
    ]);
  });

  it("open only what the enabled apps need", async () => {
    const resources = await tenantResources({ apps: { jitsi: {} } });
    const names = byType(resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((p) => inputs(p).metadata.name).sort();
    expect(names).toEqual(["acme-http01-solver", "default-deny", "dns", "egress-sso", "from-ingress", "jitsi-media"]);
  });
});
