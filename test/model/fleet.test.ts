import { describe, expect, it } from "vitest";
import { fleetSchema, kubeconfigConfigKey, type FleetInput } from "../../model/fleet";
import { parseDeclaration } from "../../model/parse";
import prod from "../../stacks/prod";

const FILE = "stacks/prod.ts";

/** The prod fleet with one change applied to a deep copy. */
function prodWith(change: (fleet: FleetInput & Record<string, any>) => void): unknown {
  const copy = structuredClone(prod) as FleetInput & Record<string, any>;
  change(copy);
  return copy;
}

function problemsOf(input: unknown) {
  const result = parseDeclaration(fleetSchema, input, FILE);
  return result.ok ? [] : result.problems;
}

const EU = '"fsn1" (Falkenstein, Germany), "nbg1" (Nuremberg, Germany), "hel1" (Helsinki, Finland)';

describe("fleet schema", () => {
  it("accepts the prod fleet: an adopted cluster being retired and a created one over three locations", () => {
    const result = parseDeclaration(fleetSchema, prod, FILE);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.value.clusters["louise-michel"]).toMatchObject({ status: "retiring", origin: { kind: "adopted" }, locations: ["fsn1"] });
    expect(result.value.clusters["ada-lovelace"]).toMatchObject({
      status: "active",
      origin: { kind: "created", k3sVersion: "v1.36.4+k3s1" },
      locations: ["fsn1", "nbg1", "hel1"],
    });
  });

  it.each<[string, unknown, string, string]>([
    [
      "a location outside the EU",
      prodWith((f) => (f.clusters["ada-lovelace"]!.locations = ["fsn1", "ash" as "fsn1"])),
      "clusters.ada-lovelace.locations[1]",
      `"ash" is Ashburn, USA (us-east), outside the EU, and tenants' data stays in the EU; use one of ${EU}`,
    ],
    [
      "backups outside the EU",
      prodWith((f) => (f.backups.location = "sin" as "hel1")),
      "backups.location",
      `"sin" is Singapore (ap-southeast), outside the EU, and tenants' data stays in the EU; use one of ${EU}`,
    ],
    [
      "an even number of control-plane servers",
      prodWith((f) => (f.clusters["ada-lovelace"]!.pools["control-hel1"]!.count = 2)),
      "clusters.ada-lovelace.pools",
      "a created cluster needs an odd number of control-plane servers, at least 3, for etcd to survive a lost machine (has 4); set the control-plane counts to add up to 3 or 5",
    ],
    [
      "a pool outside its cluster's locations",
      prodWith((f) => (f.clusters["louise-michel"]!.pools["workers"]!.location = "nbg1")),
      "clusters.louise-michel.pools.workers.location",
      '"nbg1" is not one of the cluster\'s locations (fsn1); add it to clusters.louise-michel.locations or pick one of them',
    ],
    [
      "a pool larger than the pool cap (placement groups are split at 10 on their own)",
      prodWith((f) => (f.clusters["ada-lovelace"]!.pools["workers-fsn1"]!.count = 51)),
      "clusters.ada-lovelace.pools.workers-fsn1.count",
      "a pool has at most 50 servers; add another pool",
    ],
    [
      "a reason for an under-used pool that says nothing",
      prodWith((f) => (f.clusters["ada-lovelace"]!.pools["workers-nbg1"]!.lowUtilisationReason = " ok ")),
      "clusters.ada-lovelace.pools.workers-nbg1.lowUtilisationReason",
      "say in a sentence why this pool may stay under-used, or leave lowUtilisationReason out",
    ],
    [
      "a pool named like a tenant's dedicated pool",
      prodWith((f) => (f.clusters["ada-lovelace"]!.pools["dedicated-x"] = { role: "worker", serverType: "cpx42", count: 2 })),
      "clusters.ada-lovelace.pools.dedicated-x",
      '"dedicated-x" starts with "dedicated-", which names tenants\' dedicated pools; pick another pool name',
    ],
    [
      "a retired server type",
      prodWith((f) => (f.clusters["louise-michel"]!.pools["workers"]!.serverType = "cpx41" as "cpx42")),
      "clusters.louise-michel.pools.workers.serverType",
      '"cpx41" is no longer sold by Hetzner; use "cpx42", its successor',
    ],
    [
      "the whole internet as an admin network",
      prodWith((f) => (f.adminCidrs = ["0.0.0.0/0"])),
      "adminCidrs[0]",
      "\"0.0.0.0/0\" opens SSH and the Kubernetes API to the whole internet; list the admins' own networks instead",
    ],
    [
      "an address without a prefix length",
      prodWith((f) => (f.adminCidrs = ["203.0.113.7"])),
      "adminCidrs[0]",
      '"203.0.113.7" is not a network in CIDR notation; write it like "203.0.113.0/24" or "2001:db8::/48"',
    ],
    [
      "plain SMTP on port 25",
      prodWith((f) => (f.smtp.port = 25 as 587)),
      "smtp.port",
      "SMTP submission uses port 587 (STARTTLS) or 465 (TLS); use one of them",
    ],
    [
      "a k3s version without its release suffix",
      prodWith((f) => (f.clusters["ada-lovelace"]!.origin = { kind: "created", k3sVersion: "1.36", k3sInstallerSha256: "0".repeat(64) })),
      "clusters.ada-lovelace.origin.k3sVersion",
      '"1.36" is not a k3s release; write it like "v1.34.2+k3s1"',
    ],
    [
      "a cluster name that is not DNS-safe",
      prodWith((f) => (f.clusters["Ada_Lovelace"] = f.clusters["ada-lovelace"]!)),
      "clusters.Ada_Lovelace",
      '"Ada_Lovelace" is not a valid cluster name: use lowercase letters, digits and hyphens, starting with a letter, at most 30 characters (e.g. "ada-lovelace")',
    ],
    [
      "an SSH key that is not a public key",
      prodWith((f) => (f.sshKeys = { camille: "-----BEGIN OPENSSH PRIVATE KEY-----" })),
      "sshKeys.camille",
      "is a private key, which must never leave its owner's machine; paste the one line of ~/.ssh/id_ed25519.pub, like \"ssh-ed25519 AAAA... name@host\"",
    ],
    [
      "a documentation range as an admin network, in a fleet that is not an example",
      prodWith((f) => {
        f.baseDomain = "jardin.org";
        f.adminCidrs = ["192.0.2.0/24", "2a01:4f8:1::/48"];
        // A real checksum: only the admin networks are wrong.
        f.clusters["ada-lovelace"]!.origin = { kind: "created", k3sVersion: "v1.36.4+k3s1", k3sInstallerSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" };
      }),
      "adminCidrs[0]",
      '"192.0.2.0/24" is a documentation range (RFC 5737) that no packet comes from: nobody could reach SSH or the Kubernetes API; write the gardeners\' own networks',
    ],
    [
      "the example's placeholder installer checksum, in a fleet that is not an example",
      prodWith((f) => ((f.baseDomain = "jardin.org"), (f.adminCidrs = ["2a01:4f8:1::/48"]))),
      "clusters.ada-lovelace.origin.k3sInstallerSha256",
      "is the example's placeholder, which no installer matches: every new server would refuse to install k3s; write the SHA-256 of v1.36.4+k3s1's install.sh",
    ],
    [
      "an installer checksum that is not a SHA-256",
      prodWith((f) => (f.clusters["ada-lovelace"]!.origin = { kind: "created", k3sVersion: "v1.36.4+k3s1", k3sInstallerSha256: "abc" })),
      "clusters.ada-lovelace.origin.k3sInstallerSha256",
      "write the installer's SHA-256 as 64 lowercase hex digits (curl -sfL https://raw.githubusercontent.com/k3s-io/k3s/<k3sVersion>/install.sh | sha256sum)",
    ],
    [
      "no SSH key",
      prodWith((f) => (f.sshKeys = {})),
      "sshKeys",
      "lists no SSH key; add at least one gardener's public key, or nobody can reach a broken machine",
    ],
    [
      "single sign-on on an unknown cluster",
      prodWith((f) => (f.sso = { cluster: "grace-hopper" })),
      "sso.cluster",
      '"grace-hopper" is not a cluster of this fleet; use one of louise-michel, ada-lovelace',
    ],
    [
      "single sign-on on a retiring cluster",
      prodWith((f) => (f.sso = { cluster: "louise-michel" })),
      "sso.cluster",
      '"louise-michel" is retiring, and every tenant\'s login depends on single sign-on; put it on an active cluster',
    ],
    [
      "single sign-on on an adopted cluster",
      prodWith((f) => {
        // An active cluster lists no admitted tenants: the change is the status, and sso there.
        f.clusters["louise-michel"]!.status = "active";
        delete f.clusters["louise-michel"]!.admitted;
        f.sso = { cluster: "louise-michel" };
      }),
      "sso.cluster",
      '"louise-michel" is adopted, and Keycloak\'s admin console is kept to adminCidrs by the Traefik jardin installs on the clusters it creates; put single sign-on on a created cluster',
    ],
    [
      "an adopted cluster that does not say which storage class tenant data goes on",
      prodWith((f) => delete (f.clusters["louise-michel"]!.origin as any).existing.storageClass),
      "clusters.louise-michel.origin.existing.storageClass",
      "is required (string); add it",
    ],
    [
      "an adopted ingress's IPv6 address that is not one",
      prodWith((f) => ((f.clusters["louise-michel"]!.origin as any).existing.ingress.address6 = "198.51.100.20")),
      "clusters.louise-michel.origin.existing.ingress.address6",
      'write the ingress\'s public IPv6 address, like "2001:db8::10", or leave address6 out',
    ],
    [
      "a retiring cluster that does not list the tenants it still hosts",
      prodWith((f) => delete f.clusters["louise-michel"]!.admitted),
      "clusters.louise-michel.admitted",
      'is missing: a retiring cluster lists the tenants it still hosts (admitted: ["<tenant id>", ...]), so that no new one lands there',
    ],
    [
      "an active cluster listing admitted tenants",
      prodWith((f) => (f.clusters["ada-lovelace"]!.admitted = ["la-fourmiliere"])),
      "clusters.ada-lovelace.admitted",
      'only a retiring cluster lists its admitted tenants; "ada-lovelace" is active and takes any tenant: remove admitted',
    ],
    [
      "no cluster at all",
      prodWith((f) => (f.clusters = {})),
      "clusters",
      "declares no cluster; declare at least one",
    ],
  ])("rejects %s", (_case, input, field, message) => {
    expect(problemsOf(input)).toEqual([{ file: FILE, field, message }]);
  });

  it("names each cluster's kubeconfig secret after the cluster", () => {
    expect(kubeconfigConfigKey("louise-michel")).toBe("kubeconfig-louise-michel");
  });
});
