import { describe, expect, it } from "vitest";
import { recordPlan } from "../../../scripts/plan/record";
import { parseSnapshot, toDeterministicJson } from "../../../scripts/plan/snapshot";
import { plainInputs } from "../../../scripts/plan/wire-values";
import { ROOT_DIR } from "../../helpers/declarations";
import { prodPlan } from "../../helpers/plan";

describe("plan snapshot", () => {
  it("is the same, byte for byte, on every run", async () => {
    // The run recorded once for the whole test run (in another process), and this one.
    const first = prodPlan();
    const second = await recordPlan({ rootDir: ROOT_DIR });
    expect(toDeterministicJson(second.snapshot)).toBe(toDeterministicJson(first.snapshot));
    // What the tests read of that shared run is what a fresh recording gives, value for value
    // (JSON would turn a NaN into null), outputs and declarations included.
    expect(second).toStrictEqual(first);
  });

  it("lists the prod stack's resources sorted by URN, in the contract's shape, with no secret in it", () => {
    const { snapshot } = prodPlan();
    const urns = snapshot.resources.map((r) => r.urn);
    expect(urns).toEqual([...urns].sort());
    expect(snapshot.stack).toBe("prod");
    // 438, then issue 18: the agent token, the admin console's Middleware and Ingress, and 46 NetworkPolicies of platform namespaces;
    // issue 15: the 10 login-flow resources of each of the 3 realms requiring MFA, 7 for the master realm's browser login.
    // issue 19: the adopted tenants/cafe-des-possibles.ts (its imported namespace, realm, claim, two components) and its DNS record.
    // issue 14: k8up's 9 CRDs applied by jardin on each of the 2 clusters.
    // issue 14: two readiness gates, the API's A and AAAA, jardin's Keycloak client, its role and the bootstrap provider.
    // and cert-manager's HTTP-01 solver policy in each of the 4 active tenants' namespaces and in each cluster's jardin namespace.
    // issue 19: amap-du-plateau mid-move (+34): its new side on ada-lovelace (a Move component, the
    // Tenant, namespace, policies, quota, mail-account Secret, its Nextcloud with a recovered
    // database, a Restore), its old side suspended (lifecycle quota, maintenance Ingress, last
    // backups; no app Ingress).
    expect(snapshot.resources).toHaveLength(648);
    // issue 20: the alerting stack on each of the 2 clusters: a namespace, 7 NetworkPolicies, 2 charts, the Alertmanager Secret, its relay account's Secret and password, and 7 operator objects.
    const shape = ["dependencies", "inputs", "name", "parent", "protect", "provider", "retainOnDelete", "type", "urn"];
    for (const resource of snapshot.resources) {
      // `aliases` only where there are some: the Kubernetes SDK's own, for its objects' older API
      // versions; `import` only for what an adoption imports; `ignoreChanges` where the program sets it.
      const optional = ["aliases", "ignoreChanges", "import"].filter((key) => key in resource);
      expect(Object.keys(resource).sort()).toEqual([...optional, ...shape].sort());
      if (resource.aliases !== undefined) expect(resource.aliases.length).toBeGreaterThan(0);
    }
    // The servers' first-boot inputs; the realm admins' required actions, which Keycloak clears;
    // what an adoption imports, left as it runs.
    const ignored = new Map(snapshot.resources.filter((r) => r.ignoreChanges !== undefined).map((r) => [r.type, r.ignoreChanges]));
    expect(Object.fromEntries(ignored)).toEqual({
      "hcloud:index/server:Server": ["userData", "image", "sshKeys"],
      "keycloak:index/user:User": ["requiredActions"],
      "kubernetes:core/v1:Namespace": ["metadata", "spec"],
      "kubernetes:core/v1:PersistentVolumeClaim": ["metadata", "spec"],
    });
    expect(snapshot.matrixServerNames).toEqual({ "fede-educpop": "matrix.educpop.example", "la-fourmiliere": "lafourmiliere.example" });
    const json = toDeterministicJson(snapshot);
    expect(json).not.toContain("offline stand-in");
    // The adopted cluster's comes from secret config; the created one's is unknown until its
    // machines exist, as at a first `pulumi preview` (its secrecy is tested with the component).
    expect(json.match(/"kubeconfig": "\[secret\]"/g)).toHaveLength(1);
    expect(json.match(/"kubeconfig": "\[unknown\]"/g)).toHaveLength(1);
    // Generated and configured secrets reach Kubernetes Secrets only, and show as such.
    for (const secret of snapshot.resources.filter((r) => r.type === "kubernetes:core/v1:Secret")) {
      expect(["[secret]", "[unknown]"]).toContain(secret.inputs["stringData"]);
    }
  });

  it("sorts keys at every depth", () => {
    expect(toDeterministicJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it("refuses a file that is not a snapshot", () => {
    expect(() => parseSnapshot('{"resources": []}', "old.json")).toThrow(
      'old.json is not a plan snapshot (expected { "stack", "resources": [...] })',
    );
  });
});

describe("wire values", () => {
  const SIG = "4dabf18193072939515e22adb298388d";
  it("hides secrets, marks unknowns and reduces resource references to their URN", () => {
    expect(
      plainInputs({
        password: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" },
        // A secret not known yet, as @pulumi/pulumi 3.249 and later send it: nothing to hide yet.
        laterSecret: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
        later: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        owner: { [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x", id: "x" },
        secretOutput: { [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: "s", secret: true },
        knownOutput: { [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: ["a"] },
        unknownOutput: { [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4" },
        unknownSecretOutput: { [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", secret: true },
        nested: [{ plain: 1 }],
      }),
    ).toEqual({
      password: "[secret]",
      laterSecret: "[unknown]",
      later: "[unknown]",
      owner: { resource: "urn:x" },
      secretOutput: "[secret]",
      knownOutput: ["a"],
      unknownOutput: "[unknown]",
      unknownSecretOutput: "[unknown]",
      nested: [{ plain: 1 }],
    });
  });
});
