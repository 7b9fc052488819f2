import { stringify } from "yaml";

export interface KubeconfigArgs {
  /** The cluster's name: cluster, user and context are named after it. */
  readonly name: string;
  /** `https://<the API's name>:6443`, a name the API server's certificate carries. */
  readonly server: string;
  readonly caPem: string;
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
}

/** An admin kubeconfig with embedded certificates (https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/). */
export function renderKubeconfig(args: KubeconfigArgs): string {
  const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name: args.name,
        cluster: { server: args.server, "certificate-authority-data": base64(args.caPem) },
      },
    ],
    users: [
      {
        name: `${args.name}-admin`,
        user: { "client-certificate-data": base64(args.clientCertPem), "client-key-data": base64(args.clientKeyPem) },
      },
    ],
    contexts: [{ name: args.name, context: { cluster: args.name, user: `${args.name}-admin` } }],
    "current-context": args.name,
  });
}
