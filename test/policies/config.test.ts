import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/all";
import { enforcementLevelOf, initialConfigOf, loadPackConfig, settingsOf } from "../../policies/config";
import { ingressTls } from "../../policies/ingress-tls";
import { checkPolicies } from "../../scripts/plan/policies";
import { plannedResource } from "../helpers/policies";
import { tempDir } from "../helpers/temp";

const plainIngress = plannedResource("kubernetes:networking.k8s.io/v1:Ingress", {
  metadata: { name: "web", namespace: "x" },
  spec: { rules: [{ host: "a.example" }] },
});
const levelsOf = async (config: Parameters<typeof checkPolicies>[2]) =>
  (await checkPolicies({ stack: "prod", resources: [plainIngress] }, [ingressTls], config)).map((v) => v.enforcementLevel);

describe("the pack's config", () => {
  it("makes every policy mandatory unless the config lowers it", () => {
    for (const policy of POLICIES) expect(enforcementLevelOf(policy, {})).toBe("mandatory");
    expect(enforcementLevelOf(ingressTls, { "ingress-tls": "advisory" })).toBe("advisory");
    expect(enforcementLevelOf(ingressTls, { "ingress-tls": { enforcementLevel: "disabled" } })).toBe("disabled");
    // `all` sets every policy's level; a policy's own entry still wins.
    expect(enforcementLevelOf(ingressTls, { all: "advisory" })).toBe("advisory");
    expect(enforcementLevelOf(ingressTls, { all: "advisory", "ingress-tls": "mandatory" })).toBe("mandatory");
  });

  it("is applied by the offline runner as the engine applies it", async () => {
    expect(await levelsOf({})).toEqual(["mandatory"]);
    expect(await levelsOf({ "ingress-tls": "advisory" })).toEqual(["advisory"]);
    expect(await levelsOf({ "ingress-tls": { enforcementLevel: "disabled" } })).toEqual([]);
    // The engine validates a remediate policy as a mandatory one.
    expect(await levelsOf({ "ingress-tls": "remediate" })).toEqual(["mandatory"]);
  });

  it("hands a policy its settings without the level", () => {
    expect(settingsOf("pod-security", { "pod-security": { enforcementLevel: "advisory", allow: [] } })).toEqual({ allow: [] });
    expect(settingsOf("pod-security", { "pod-security": "advisory" })).toEqual({});
  });

  it("policies/config.json names only policies of the pack, and their settings parse", async () => {
    const config = loadPackConfig();
    const names = POLICIES.map((p) => p.name);
    for (const name of Object.keys(config)) expect([...names, "all"]).toContain(name);
    // Running the whole pack over nothing exercises every policy's settings schema.
    expect(await checkPolicies({ stack: "prod", resources: [] }, POLICIES, config)).toEqual([]);
  });

  it("refuses a file that is not JSON, or a level that does not exist, naming the file", () => {
    const dir = tempDir("pack-config");
    writeFileSync(join(dir, "broken.json"), "{");
    expect(() => loadPackConfig(join(dir, "broken.json"))).toThrow(`${join(dir, "broken.json")}: not a readable JSON file`);
    writeFileSync(join(dir, "level.json"), JSON.stringify({ "ingress-tls": "strict" }));
    expect(() => loadPackConfig(join(dir, "level.json"))).toThrow(
      `${join(dir, "level.json")}: ingress-tls: Invalid input; a policy's config is a level (advisory, mandatory, remediate, disabled) or an object`,
    );
  });
});

describe("the pack's initial config", () => {
  it("writes every policy's level out, with its settings", () => {
    const config = { "ingress-tls": "advisory" as const, "pod-security": { allow: [] } };
    const initial = initialConfigOf(POLICIES, config);
    expect(Object.keys(initial)).toEqual(POLICIES.map((p) => p.name));
    expect(initial["ingress-tls"]).toEqual({ enforcementLevel: "advisory" });
    expect(initial["pod-security"]).toEqual({ enforcementLevel: "mandatory", allow: [] });
  });
});
