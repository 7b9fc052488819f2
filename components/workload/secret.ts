import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appLabels, childOptions, type AppScope } from "./scope";

/** The app's one Secret: every credential it needs, each key a Pulumi secret. */
export interface AppSecret {
  /** The Secret's name in the namespace (the app's name). */
  readonly name: pulumi.Output<string>;
}

/**
 * One Secret per app, whatever the number of keys: one object to Kubernetes, one resource to
 * Pulumi. Values stay Pulumi secrets, so neither the plan nor the state shows them.
 */
export function appSecret(scope: AppScope, data: Readonly<Record<string, pulumi.Input<string>>>): AppSecret {
  const secret = new k8s.core.v1.Secret(
    `${scope.name}-secret`,
    {
      metadata: { name: scope.app, namespace: scope.namespace, labels: appLabels(scope, "secret") },
      type: "Opaque",
      stringData: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, pulumi.secret(value)])),
    },
    childOptions(scope),
  );
  return { name: secret.metadata.name };
}
