import type { DeclaredChanges } from "./declared-changes";

/**
 * Resources that are not data but that data, machines or other servers depend on: regenerating
 * or removing one is never routine. The program protects each of them (Pulumi refuses to delete a
 * protected resource); the plan's data-loss gate refuses their replacement or removal unless the
 * fleet declares it, and says what is lost. Matched by type and the end of the resource's name.
 */
export interface GuardedResource {
  readonly type: string;
  readonly nameEnds: string;
  /** What replacing or removing it loses. */
  readonly loses: string;
  /** The fleet declaration that lets it through (model/declared-changes.ts). */
  readonly declaredIn: keyof DeclaredChanges;
}

export const GUARDED_RESOURCES: readonly GuardedResource[] = [
  {
    type: "random:index/randomBytes:RandomBytes",
    nameEnds: "-matrix-signing-seed",
    loses: "the Matrix server's signing key: other servers distrust what the new one signs until they fetch it again, and cannot verify what the old one signed",
    declaredIn: "rotations",
  },
  {
    type: "random:index/randomString:RandomString",
    nameEnds: "-matrix-signing-key-id",
    loses: "the id of the Matrix server's signing key, which other servers cache it under",
    declaredIn: "rotations",
  },
  {
    type: "random:index/randomPassword:RandomPassword",
    nameEnds: "-volume-backups-password",
    loses: "the password of the tenant's volume-backup repository: archives made with the old one cannot be read with a new one",
    declaredIn: "rotations",
  },
  {
    type: "random:index/randomPassword:RandomPassword",
    nameEnds: "-exports-password",
    loses: "the passphrase of the tenant's exports: exports written with the old one can be read only with the old one, which the organisation may already hold",
    declaredIn: "rotations",
  },
  {
    type: "random:index/randomPassword:RandomPassword",
    nameEnds: "-token",
    loses: "the cluster's join token: a machine that joins with a new one is refused by the servers that have the old one",
    declaredIn: "rotations",
  },
  {
    type: "tls:index/privateKey:PrivateKey",
    nameEnds: "-ca-key",
    loses: "a cluster CA's private key: every certificate it signed (nodes, kubeconfigs) stops being trusted",
    declaredIn: "rotations",
  },
  {
    type: "tls:index/selfSignedCert:SelfSignedCert",
    nameEnds: "-ca",
    loses: "a cluster CA certificate: every certificate it signed (nodes, kubeconfigs) stops being trusted",
    declaredIn: "rotations",
  },
  {
    type: "tls:index/privateKey:PrivateKey",
    nameEnds: "-service-account-key",
    loses: "the key that signs the cluster's service-account tokens: every token issued becomes invalid",
    declaredIn: "rotations",
  },
  {
    type: "pulumi:providers:kubernetes",
    nameEnds: "-k8s",
    loses: "the cluster's Kubernetes provider: every resource on the cluster is replaced with it",
    declaredIn: "rotations",
  },
  {
    type: "hcloud:index/server:Server",
    nameEnds: "",
    loses: "a control-plane server: its etcd member, and etcd's quorum with it if a majority goes",
    declaredIn: "migrations",
  },
];

/** The guarded resource a resource is, if any. */
export function guardedResource(resource: { readonly type: string; readonly name: string }): GuardedResource | undefined {
  return GUARDED_RESOURCES.find((g) => g.type === resource.type && resource.name.endsWith(g.nameEnds));
}
