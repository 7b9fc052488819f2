import type * as k8s from "@pulumi/kubernetes";
import { TENANT_NODE_KEY } from "../../model/contract/nodes";
import type { Tenant } from "../../model/tenant";

export interface Placement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly k8s.types.input.core.v1.Toleration[];
}

/** Where a tenant's pods run: its own pool when its plan is dedicated, the shared workers otherwise. */
export function placementOf(tenant: Pick<Tenant, "id" | "plan">): Placement | undefined {
  if (tenant.plan.kind !== "dedicated") return undefined;
  return {
    nodeSelector: { [TENANT_NODE_KEY]: tenant.id },
    tolerations: [{ key: TENANT_NODE_KEY, operator: "Equal", value: tenant.id, effect: "NoSchedule" }],
  };
}
