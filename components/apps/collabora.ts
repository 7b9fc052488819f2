import type * as pulumi from "@pulumi/pulumi";
import { workload, type AppScope } from "../workload";

/** Collabora Online Development Edition. https://hub.docker.com/r/collabora/code (runs as `cool`, uid 1001) */
export const COLLABORA_IMAGE = "collabora/code:25.04.9.4.1";
const COOL_USER = 1001;

/**
 * Collabora on its own hostname, serving the one Nextcloud of the tenant (`aliasgroup1`). TLS ends
 * at the ingress. Without capabilities it cannot bind-mount its jails, so it copies them instead:
 * slower to open a document, but it runs under the `restricted` Pod Security profile.
 * https://sdk.collaboraonline.com/docs/installation/CODE_Docker_image.html
 */
export function collabora(scope: AppScope, spec: { readonly host: string; readonly nextcloudHost: string }, secretName: pulumi.Input<string>): void {
  workload(
    scope,
    "office",
    {
      containers: [
        {
          name: "collabora",
          image: COLLABORA_IMAGE,
          env: {
            aliasgroup1: `https://${spec.nextcloudHost}:443`,
            server_name: spec.host,
            extra_params: [
              "--o:ssl.enable=false",
              "--o:ssl.termination=true",
              "--o:security.capabilities=false",
              "--o:mount_jail_tree=false",
              "--o:admin_console.enable=false",
            ].join(" "),
          },
          runAsUser: COOL_USER,
          // Each document's jail is copied under /opt/cool at run time.
          readOnlyRootFilesystem: false,
          ports: [{ name: "http", containerPort: 9980 }],
          readiness: { http: "/hosting/discovery", port: "http" },
          startupSeconds: 300,
          resources: { cpuMillis: 500, memoryMiB: 1024, memoryLimitMiB: 2048 },
          scratch: { tmp: "/tmp" },
        },
      ],
      // WOPI: Collabora fetches and saves documents at Nextcloud's public address.
      egress: ["peers"],
      ports: [{ name: "http", port: 9980, targetPort: "http" }],
      routes: [{ host: spec.host }],
    },
    secretName,
  );
}
