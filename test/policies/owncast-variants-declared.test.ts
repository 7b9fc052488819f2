import { describe, expect, it } from "vitest";
import { owncastVariantsDeclared } from "../../policies/owncast-variants-declared";
import { plannedResource, stackViolationsOf } from "../helpers/policies";
import { CLUSTER, container, deployment } from "../helpers/workloads";

const owncast = plannedResource("kubernetes:apps/v1:Deployment", deployment([container({ name: "owncast", image: "owncast/owncast:0.2.3" })], "les-semeurs"), {
  name: "les-semeurs-owncast",
  provider: CLUSTER,
});
const variants = (namespace: string, provider = CLUSTER) =>
  plannedResource(
    "kubernetes:core/v1:ConfigMap",
    { metadata: { name: "owncast-variants", namespace }, data: { "variants.json": JSON.stringify({ value: [{ scaledHeight: 720, videoBitrate: 2500 }] }) } },
    { name: `${namespace}-owncast-variants`, provider },
  );
const missing =
  "Deployment les-semeurs/app runs Owncast, but no ConfigMap in its namespace declares its output variants (Owncast's default keeps the input's resolution); add one with the JSON the program posts to /api/admin/config/video/streamoutputvariants, each variant with scaledHeight: 720 or lower";

describe("policy owncast-variants-declared", () => {
  it("passes an Owncast whose output variants are declared in its namespace", async () => {
    expect(await stackViolationsOf(owncastVariantsDeclared, [owncast, variants("les-semeurs")])).toEqual([]);
  });

  it("stops an Owncast without declared variants: the default keeps the input's resolution", async () => {
    expect(await stackViolationsOf(owncastVariantsDeclared, [owncast])).toEqual([missing]);
  });

  it("does not take variants of another namespace or another cluster", async () => {
    expect(await stackViolationsOf(owncastVariantsDeclared, [owncast, variants("other")])).toEqual([missing]);
    expect(await stackViolationsOf(owncastVariantsDeclared, [owncast, variants("les-semeurs", "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::other")])).toEqual([missing]);
  });

  it("leaves other workloads alone", async () => {
    expect(await stackViolationsOf(owncastVariantsDeclared, [plannedResource("kubernetes:apps/v1:Deployment", deployment([container()]))])).toEqual([]);
  });
});
