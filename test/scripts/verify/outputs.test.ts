import { describe, expect, it } from "vitest";
import { parseOutputs } from "../../../scripts/verify/outputs";
import { prodPlan } from "../../helpers/plan";
import { FakeFleet } from "./fakes/fleet";

const valid = { verify: FakeFleet.TARGETS, kubeconfigs: { "ada-lovelace": "apiVersion: v1", "louise-michel": "apiVersion: v1" }, nameservers: ["hydrogen.ns.hetzner.com"] };

describe("the stack outputs verify reads", () => {
  it("takes what the program outputs: every tenant of the prod plan, as `pulumi stack output --json` gives it", () => {
    const { outputs } = prodPlan();
    const clusters = Object.fromEntries(Object.keys(outputs.clusters).map((name) => [name, { ingress: { address: "203.0.113.80" } }]));
    const parsed = parseOutputs(JSON.stringify({ verify: { clusters, tenants: outputs.verify.tenants }, kubeconfigs: {} }), "outputs.json");
    expect(Object.keys(parsed.verify.tenants).sort()).toEqual(Object.keys(outputs.tenants).sort());
  });

  it("keeps the other outputs out and the kubeconfigs as given", () => {
    expect(parseOutputs(JSON.stringify(valid), "outputs.json")).toEqual({ verify: valid.verify, kubeconfigs: valid.kubeconfigs });
  });

  it("names each missing or wrong field, and what to do", () => {
    const broken = structuredClone(valid) as any;
    delete broken.verify.tenants["les-semeurs"].issuer;
    broken.verify.tenants["amap-du-plateau"].logins[0].pkce = "plain";
    expect(() => parseOutputs(JSON.stringify(broken), "outputs.json")).toThrow(
      /outputs\.json: not the stack outputs verify reads:\n {2}- verify\.tenants\.les-semeurs\.issuer: .*\n {2}- verify\.tenants\.amap-du-plateau\.logins\.0\.pkce: .*\n\(a stack deployed before the `verify` output existed needs a `pulumi up`\)/,
    );
  });

  it("refuses a tenant on a cluster the outputs lack, hidden secrets, and what is not JSON", () => {
    const elsewhere = structuredClone(valid) as any;
    elsewhere.verify.tenants["les-semeurs"].cluster = "grace-hopper";
    expect(() => parseOutputs(JSON.stringify(elsewhere), "o.json")).toThrow('o.json: verify.tenants.les-semeurs.cluster: "grace-hopper" is not among verify.clusters');
    expect(() => parseOutputs(JSON.stringify({ ...valid, kubeconfigs: { "ada-lovelace": "[secret]" } }), "o.json")).toThrow("--show-secrets");
    expect(() => parseOutputs("Error: no stack", "o.json")).toThrow("o.json: not JSON");
  });
});
