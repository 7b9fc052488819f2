import { describe, expect, it } from "vitest";
import { NEXTCLOUD_OIDC, valkeyConfig } from "../../../components/apps/nextcloud";
import { NGINX_CONF } from "../../../components/apps/nextcloud-files";
import { byType, inputs } from "../../helpers/app-scope";
import { named, tenantResources } from "../../helpers/tenant";

type Container = { name: string; image: string; env: { name: string; value?: string; valueFrom?: unknown }[]; securityContext: unknown; volumeMounts: unknown[] };

const envOf = (container: Container) => Object.fromEntries(container.env.map((e) => [e.name, e.value ?? e.valueFrom]));
const secretRef = (key: string, name = "nextcloud") => ({ secretKeyRef: { name, key } });

async function nextcloud(office: "collabora" | "onlyoffice" | "none" = "collabora") {
  return tenantResources({ apps: { nextcloud: { storageGiB: 250, office } } });
}

describe("Nextcloud", () => {
  it("runs pinned php-fpm and nginx images, hardened, with requests and memory limits", async () => {
    const web = inputs(named(await nextcloud(), "les-semeurs-nextcloud-web"));
    const [php, nginx] = web.spec.template.spec.containers as Container[];
    expect([php!.image, nginx!.image]).toEqual(["nextcloud:34.0.2-fpm-alpine", "nginxinc/nginx-unprivileged:1.29.8-alpine"]);
    expect(php!.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 82,
      runAsGroup: 82,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(web.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" }, fsGroup: 82, fsGroupChangePolicy: "OnRootMismatch" });
    expect(web.spec.strategy).toEqual({ type: "Recreate" });
    expect((php as unknown as { startupProbe: unknown }).startupProbe).toEqual({ tcpSocket: { port: 9000 }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 90 });
  });

  it("keeps the files on a protected claim of the tenant's size on the Retain class", async () => {
    const claim = named(await nextcloud(), "les-semeurs-nextcloud-files");
    expect([claim.protect, claim.retainOnDelete, inputs(claim).spec.storageClassName, inputs(claim).spec.resources]).toEqual([
      true,
      true,
      "jardin-retain",
      { requests: { storage: "250Gi" } },
    ]);
  });

  it("reads every credential from Secrets, and logs in through the tenant's realm", async () => {
    const php = inputs(named(await nextcloud(), "les-semeurs-nextcloud-web")).spec.template.spec.containers[0] as Container;
    const env = envOf(php);
    expect(env).toMatchObject({
      POSTGRES_HOST: "nextcloud-db-rw",
      POSTGRES_PASSWORD: secretRef("password", "nextcloud-db-app"),
      NEXTCLOUD_ADMIN_PASSWORD: secretRef("admin-password"),
      JARDIN_REDIS_HOST: "nextcloud-redis",
      JARDIN_REDIS_PASSWORD: secretRef("redis-password"),
      OIDC_CLIENT_ID: "nextcloud",
      OIDC_CLIENT_SECRET: secretRef("oidc-client-secret"),
      OIDC_DISCOVERY_URI: "https://sso.jardin.example/realms/les-semeurs/.well-known/openid-configuration",
      SMTP_HOST: "smtp.jardin.example",
      SMTP_PORT: "587",
      SMTP_SECURE: "",
      // The tenant's own relay account, sending as its own address (components/tenant/mail-account.ts).
      SMTP_NAME: "les-semeurs@mail.jardin.example",
      SMTP_PASSWORD: secretRef("smtp-password"),
      MAIL_FROM_ADDRESS: "les-semeurs",
      MAIL_DOMAIN: "mail.jardin.example",
      NEXTCLOUD_TRUSTED_DOMAINS: "cloud.semeurs.example",
      JARDIN_OFFICE: "collabora",
      OFFICE_URL: "https://office.semeurs.example",
    });
    // No plain value looks like a credential.
    for (const e of php.env) if (/PASSWORD|SECRET/.test(e.name)) expect(e.valueFrom).toBeDefined();
  });

  it("holds every credential in one Secret", async () => {
    // The app's own Secrets (the tenant's volume backups have theirs).
    const secrets = byType(await nextcloud(), "kubernetes:core/v1:Secret").filter((s) => s.urn.includes("jardin:apps:Nextcloud"));
    expect(secrets.map((s) => inputs(s).metadata.name)).toEqual(["nextcloud"]);
    // Generated passwords are unknown until created, then Pulumi secrets; never plain text.
    expect(inputs(secrets[0]!).stringData).toBe("[unknown]");
    expect(JSON.stringify(secrets)).not.toMatch(/smtp-pass|access-key|secret-key/);
  });

  it("configures user_oidc and the office suite at every start, through the image's hook folder", async () => {
    const resources = await nextcloud();
    const hook = inputs(named(resources, "les-semeurs-nextcloud-config")).data["configure.sh"] as string;
    expect(hook).toContain(
      [
        'occ user_oidc:provider "$OIDC_PROVIDER" \\',
        '  --clientid="$OIDC_CLIENT_ID" --clientsecret-env=OIDC_CLIENT_SECRET \\',
        '  --discoveryuri="$OIDC_DISCOVERY_URI" --postlogouturi="$OIDC_POST_LOGOUT_URI" \\',
        '  --scope="$OIDC_SCOPE" \\',
      ].join("\n"),
    );
    expect(hook).toContain('occ config:app:set --value="$OFFICE_URL" richdocuments wopi_url');
    const php = inputs(named(resources, "les-semeurs-nextcloud-web")).spec.template.spec.containers[0] as Container;
    expect(envOf(php)).toMatchObject({
      OIDC_PROVIDER: "jardin",
      OIDC_POST_LOGOUT_URI: "https://cloud.semeurs.example/",
      OIDC_SCOPE: "openid email profile",
    });
    expect(php.volumeMounts).toEqual([
      { name: "files", mountPath: "/var/www/html" },
      { name: "config", mountPath: "/docker-entrypoint-hooks.d/before-starting/jardin.sh", subPath: "configure.sh", readOnly: true },
      { name: "config", mountPath: "/etc/jardin/nextcloud", readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
    ]);
  });

  it("builds its callback without /index.php because its nginx says the front controller is active", () => {
    // Nextcloud's router drops /index.php from every route under front_controller_active
    // (lib/private/Route/Router.php); user_oidc sends that route as its redirect URI.
    expect(NGINX_CONF).toContain("fastcgi_param front_controller_active true;");
    expect(NEXTCLOUD_OIDC.callbackPath).toBe("/apps/user_oidc/code");
    expect(NEXTCLOUD_OIDC.backchannelLogoutPath).toBe(`/apps/user_oidc/backchannel-logout/${NEXTCLOUD_OIDC.provider}`);
  });

  it("never writes the client secret on a command line: occ reads it from the environment", async () => {
    const hook = inputs(named(await nextcloud(), "les-semeurs-nextcloud-config")).data["configure.sh"] as string;
    expect(hook).not.toMatch(/--clientsecret[= ]"?\$/);
    expect(hook).not.toContain("$OIDC_CLIENT_SECRET");
    // Nor any other secret: every occ argument that names a variable names a plain one.
    for (const variable of hook.matchAll(/\$([A-Z_]+)/g)) expect(variable[1]).not.toMatch(/SECRET|PASSWORD/);
  });

  it("leaves /var/www/html/config to the image and the install, and puts the config files back at every start", async () => {
    const resources = await nextcloud();
    const hook = inputs(named(resources, "les-semeurs-nextcloud-config")).data["configure.sh"] as string;
    expect(hook).toContain(
      [
        "for file in reverse-proxy.config.php smtp.config.php; do",
        '  cp "/usr/src/nextcloud/config/$file" "/var/www/html/config/$file"',
        "done",
        'cp "/etc/jardin/nextcloud/jardin.config.php" /var/www/html/config/jardin.config.php',
      ].join("\n"),
    );
    const pods = [
      inputs(named(resources, "les-semeurs-nextcloud-web")).spec.template.spec,
      inputs(named(resources, "les-semeurs-nextcloud-cron")).spec.jobTemplate.spec.template.spec,
    ];
    for (const pod of pods) {
      for (const container of pod.containers as Container[]) {
        const inside = (container.volumeMounts as { mountPath: string }[]).filter((m) => m.mountPath.startsWith("/var/www/html/"));
        expect(inside).toEqual([]);
      }
    }
  });

  it("runs background jobs every five minutes on the web pod's node, and Valkey as a read-only cache", async () => {
    const resources = await nextcloud();
    const cron = inputs(named(resources, "les-semeurs-nextcloud-cron")).spec;
    expect(cron.schedule).toBe("*/5 * * * *");
    const pod = cron.jobTemplate.spec.template.spec;
    expect(pod.containers[0].command).toEqual(["php", "-f", "/var/www/html/cron.php"]);
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe("kubernetes.io/hostname");
    const valkey = inputs(named(resources, "les-semeurs-nextcloud-redis")).spec.template.spec.containers[0];
    expect([valkey.image, valkey.securityContext.readOnlyRootFilesystem, valkey.securityContext.runAsUser]).toEqual(["valkey/valkey:8.1.4-alpine", true, 999]);
    // The password is in its config file, from the Secret, never on its command line or in its env.
    const redis = inputs(named(resources, "les-semeurs-nextcloud-redis")).spec.template.spec;
    expect([valkey.args, valkey.env]).toEqual([["/etc/valkey/valkey.conf"], []]);
    expect(valkey.volumeMounts).toContainEqual({ name: "valkey-config", mountPath: "/etc/valkey", readOnly: true });
    expect(redis.volumes).toContainEqual({
      name: "valkey-config",
      secret: { secretName: "nextcloud", defaultMode: 0o440, items: [{ key: "valkey.conf", path: "valkey.conf" }] },
    });
    expect(redis.securityContext.fsGroup).toBe(999);
    expect(valkeyConfig("pw")).toBe('save ""\nappendonly no\nrequirepass pw\n');
  });

  it("backs its database up on the tenant's schedule to the fleet's bucket", async () => {
    const resources = await tenantResources({ apps: { nextcloud: {} }, backups: { schedule: "15 4 * * *", retentionDays: 60 } });
    expect(inputs(named(resources, "les-semeurs-nextcloud-db-backup")).spec.schedule).toBe("0 15 4 * * *");
    expect(inputs(named(resources, "les-semeurs-nextcloud-backups")).spec.retentionPolicy).toBe("60d");
    expect(inputs(named(resources, "les-semeurs-nextcloud-backups")).spec.configuration.destinationPath).toBe("s3://jardin-backups/les-semeurs/nextcloud");
  });

  it("serves Collabora on its own hostname for this Nextcloud only", async () => {
    const resources = await nextcloud("collabora");
    const office = inputs(named(resources, "les-semeurs-nextcloud-office")).spec.template.spec.containers[0] as Container;
    expect(office.image).toBe("collabora/code:25.04.9.4.1");
    expect(envOf(office)).toMatchObject({ aliasgroup1: "https://cloud.semeurs.example:443", server_name: "office.semeurs.example" });
    expect(envOf(office)["extra_params"]).toContain("--o:security.capabilities=false");
    expect(inputs(named(resources, "les-semeurs-nextcloud-office")).spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(inputs(byType(resources, "kubernetes:networking.k8s.io/v1:Ingress").find((i) => i.name === "les-semeurs-nextcloud-office")!).spec.rules[0].host).toBe("office.semeurs.example");
  });

  it("puts OnlyOffice in a baseline namespace of its own, with a generated JWT secret shared with Nextcloud", async () => {
    const resources = await nextcloud("onlyoffice");
    const namespace = named(resources, "les-semeurs-nextcloud-office-namespace");
    expect(inputs(namespace).metadata.name).toBe("les-semeurs-office");
    expect(inputs(namespace).metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    const server = inputs(named(resources, "les-semeurs-nextcloud-office")).spec.template.spec.containers[0] as Container;
    expect(server.image).toBe("onlyoffice/documentserver:9.4.0.1");
    expect(envOf(server)).toEqual({ JWT_ENABLED: "true", JWT_SECRET: secretRef("jwt-secret", "onlyoffice"), JWT_HEADER: "Authorization" });
    const php = inputs(named(resources, "les-semeurs-nextcloud-web")).spec.template.spec.containers[0] as Container;
    expect(envOf(php)["ONLYOFFICE_JWT_SECRET"]).toEqual(secretRef("onlyoffice-jwt-secret"));
    // Background jobs reach the Document Server too.
    const cron = inputs(named(resources, "les-semeurs-nextcloud-cron")).spec.jobTemplate.spec.template.spec.containers[0] as Container;
    expect(envOf(cron)["ONLYOFFICE_JWT_SECRET"]).toEqual(secretRef("onlyoffice-jwt-secret"));
    // Nextcloud reads it from config.php: no occ command line holds it.
    const files = inputs(named(resources, "les-semeurs-nextcloud-config")).data;
    expect(files["configure.sh"]).not.toContain("$ONLYOFFICE_JWT_SECRET");
    expect(files["configure.sh"]).toContain("occ config:app:delete onlyoffice jwt_secret");
    expect(files["jardin.config.php"]).toContain("$CONFIG['onlyoffice'] = array('jwt_secret' => getenv('ONLYOFFICE_JWT_SECRET'));");
    const isolation = inputs(named(resources, "les-semeurs-nextcloud-office-isolation")).spec;
    expect(isolation.policyTypes).toEqual(["Ingress", "Egress"]);
    // The tenant's own namespace stays restricted.
    expect(inputs(named(resources, "les-semeurs-namespace")).metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("deploys no office suite for `none`", async () => {
    const resources = await nextcloud("none");
    expect(resources.map((r) => r.name).filter((n) => n.includes("office"))).toEqual([]);
  });
});
