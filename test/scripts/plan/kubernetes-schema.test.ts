import { describe, expect, it } from "vitest";
import { withoutPlaceholders } from "../../../scripts/plan/placeholders";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { prodPlan } from "../../helpers/plan";

/**
 * `kubernetes:apps/v1:Deployment` → `kubernetes-models/apps/v1/Deployment`; a Patch resource is
 * its kind's object (`...:CustomResourceDefinitionPatch` → `.../CustomResourceDefinition`); custom
 * resources have no model.
 */
function modelPath(type: string): string | undefined {
  const match = /^kubernetes:([^/]+)\/([^:]+):(\w+?)(?:Patch)?$/.exec(type);
  if (match === null) return undefined;
  const [, group, version, kind] = match;
  // Pulumi's own components (yaml/v2:ConfigFile, kustomize) are not Kubernetes kinds.
  if (group === "yaml" || group === "kustomize") return undefined;
  const path = group === "core" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  return group!.includes(".") && !group!.endsWith(".k8s.io") ? undefined : path;
}

interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: { readonly missingProperty?: string };
  readonly message?: string;
}

function schemaErrors(resource: SnapshotResource): string[] {
  const path = modelPath(resource.type);
  if (path === undefined) return [];
  const kind = resource.type.split(":").at(-1)!.replace(/Patch$/, "");
  const Model = (require(path) as Record<string, new (data: unknown) => { validate(): void }>)[kind]!;
  const dropped = new Set<string>();
  try {
    new Model(withoutPlaceholders(resource.inputs, "", dropped)).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors ?? [];
    if (errors.length === 0) return [`${resource.urn}: ${(error as Error).message}`];
    return errors
      .filter((e) => !(e.keyword === "required" && dropped.has(`${e.instancePath}/${e.params.missingProperty}`)))
      .map((e) => `${resource.urn}: ${e.instancePath} ${e.message ?? e.keyword}`);
  }
}

describe("the prod plan's Kubernetes objects", () => {
  it("all pass the Kubernetes OpenAPI schema (kubernetes-models)", () => {
    const { snapshot } = prodPlan();
    const checked = snapshot.resources.filter((r) => modelPath(r.type) !== undefined);
    expect(new Set(checked.map((r) => r.type)).size).toBe(16);
    expect(checked.flatMap(schemaErrors)).toEqual([]);
  });

  it("catches a broken object, so the check above can fail", () => {
    const broken: SnapshotResource = {
      urn: "urn:x",
      type: "kubernetes:apps/v1:Deployment",
      name: "x",
      parent: null,
      provider: null,
      protect: false,
      retainOnDelete: false,
      dependencies: [],
      inputs: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { replicas: "two", selector: {}, template: {} } },
    };
    expect(schemaErrors(broken)).toHaveLength(1);
  });
});
