/**
 * cert-manager's HTTP-01 solver: for each host it proves, cert-manager starts a pod in the
 * namespace of the Ingress's Certificate, labelled `acme.cert-manager.io/http01-solver: "true"`,
 * listening on 8089, and routes the ingress controller's `/.well-known/acme-challenge/` to it.
 * A tenant's namespace must let the ingress controller reach it and have room for it in its quota,
 * or no certificate of the tenant is ever issued or renewed.
 * cert-manager v1.21.1: pkg/issuer/acme/http/pod.go (podLabels, buildDefaultPod: non-root,
 * RuntimeDefault, no privilege escalation, ALL dropped), pkg/issuer/acme/http/http.go
 * (acmeSolverListenPort = 8089), pkg/apis/acme/v1/types.go (SolverIdentificationLabelKey),
 * internal/apis/config/controller/v1alpha1/defaults.go (the solver's default resources).
 */
export const ACME_HTTP01_SOLVER = { label: "acme.cert-manager.io/http01-solver", port: 8089 } as const;

/** What one solver pod asks for: a quota that has room for it counts this. */
export const ACME_HTTP01_SOLVER_POD = { cpuMillis: 10, memoryMiB: 64, memoryLimitMiB: 64 } as const;
