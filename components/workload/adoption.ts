import type * as pulumi from "@pulumi/pulumi";
import type { Adoption } from "../../model/adoption";

/** A tenant's adoption (model/adoption.ts) and the namespace its objects live in. */
export interface TenantAdoption {
  readonly namespace: string;
  readonly spec: Adoption;
}

/**
 * Options of an object that existed before jardin: Pulumi's `import` with its id and, on the
 * adoption's `import` step, every input jardin sets ignored, so the import takes the object as it
 * is and nothing that holds data can change. On `converge` jardin's inputs apply as for any
 * object. The `import` option stays: once the object is in the stack with that id, the engine
 * does not import it again (pulumi v3.248.0, pkg/resource/deploy/step_generator.go: `isImport`
 * only when there is no old state or its id differs).
 * https://www.pulumi.com/docs/iac/concepts/options/import/
 */
export function adoptionOptions(adoption: Adoption | undefined, id: string, inputs: readonly string[]): pulumi.CustomResourceOptions {
  if (adoption === undefined) return {};
  return { import: id, ...(adoption.step === "import" ? { ignoreChanges: [...inputs] } : {}) };
}

/** The inputs of a Kubernetes object that an import must not change. */
export const KUBERNETES_OBJECT_INPUTS = ["metadata", "spec"] as const;
