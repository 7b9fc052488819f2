import { z } from "zod";
import { checkAdminUsernames } from "./admin-accounts";
import { adoptionSchema } from "./adoption";
import { appSchemas } from "./apps";
import { PLATFORM_NAMESPACES } from "./contract/platform-namespaces";
import { cronSchedule } from "./cron";
import { clusterName } from "./fleet";
import { serverType } from "./hetzner-schemas";
import { moveSchema } from "./move";
import { email, hostname, slug } from "./names";

/** Tenant ids prefix derived names (`<id>-nextcloud-db`), which Kubernetes caps at 63 characters. */
export const TENANT_ID_MAX_LENGTH = 30;

/**
 * Namespaces the platform owns, or that Kubernetes or an operator we might add takes; a tenant can
 * never take one.
 */
export const RESERVED_TENANT_IDS: readonly string[] = [
  ...Object.values(PLATFORM_NAMESPACES),
  "default", "platform", "hcloud", "monitoring", "velero",
];

const tenantId = slug("tenant id", TENANT_ID_MAX_LENGTH).refine(
  (id) => !RESERVED_TENANT_IDS.includes(id) && !id.startsWith("kube-"),
  { error: (issue) => `"${String(issue.input)}" is reserved for the platform; pick the organisation's own name` },
);

export const LIFECYCLE_STATES = ["active", "suspended", "archived"] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

const planSchema = z.discriminatedUnion("kind", [
  /** Runs on the cluster's shared workers. */
  z.strictObject({ kind: z.literal("shared") }),
  /** Gets machines of its own, tainted so that only its workloads run there. */
  z.strictObject({
    kind: z.literal("dedicated"),
    serverType,
    count: z.number().int().min(2, { error: "a dedicated pool needs at least 2 servers to stay up while one is replaced" }).max(10),
  }),
]);

export const tenantSchema = z.strictObject({
  /** DNS-safe slug; equals the file name and the namespace. */
  id: tenantId,
  /** The organisation's name, as its members write it. */
  name: z.string().trim().min(2),
  /** Who the gardeners write to about this tenant. */
  contact: email,
  /** A cluster declared in the fleet file. */
  cluster: clusterName,
  /** The organisation's domain; app hostnames default to names under it. */
  domain: hostname,
  /**
   * `suspended`: nothing runs, everything is kept. `archived`: apps removed, data kept for export.
   * @default "active"
   */
  state: z.enum(LIFECYCLE_STATES).default("active"),
  /** @default { kind: "shared" } */
  plan: planSchema.default({ kind: "shared" }),
  sso: z.strictObject({
    /** They administer the organisation's realm and apps. */
    /**
     * Their usernames in the realm are the part before "@" (it becomes their Matrix ID): unique, and
     * only letters, digits, ".", "_" and "-".
     */
    admins: z
      .array(email)
      .min(1, { error: "name at least one admin email for the organisation's single sign-on" })
      .superRefine(checkAdminUsernames),
    /** @default "required" */
    mfa: z.enum(["required", "optional"]).default("required"),
  }),
  /** The apps the organisation uses, each with its own settings; absent means not deployed. */
  apps: z.strictObject(appSchemas).partial(),
  /**
   * What already runs for the organisation on an adopted cluster, deployed before jardin, to be
   * imported rather than created (model/adoption.ts). @default nothing: jardin creates everything
   */
  adopt: adoptionSchema.optional(),
  /**
   * A move under way from another cluster to `cluster`, with its phase (model/move.ts): the data
   * follows from the backups, the realm stays. The old side is suspended throughout; `state` is the
   * organisation's on `cluster` from the switch on. Removed once the old side has left the stack.
   * @default none
   */
  move: moveSchema.optional(),
  /** @default { schedule: "0 3 * * *", retentionDays: 30 } */
  backups: z
    .strictObject({
      /** Cron, in the cluster's time zone (UTC). @default "0 3 * * *" */
      schedule: cronSchedule.default("0 3 * * *"),
      /** @default 30 */
      retentionDays: z
        .number()
        .int()
        .min(7, { error: "keep backups at least 7 days, so a mistake noticed after a holiday can still be undone" })
        .max(3650)
        .default(30),
    })
    .default({ schedule: "0 3 * * *", retentionDays: 30 }),
});

export type TenantInput = z.input<typeof tenantSchema>;
export type Tenant = z.output<typeof tenantSchema>;

/** Typed helper for `tenants/<id>.ts`; the registry validates the file when it loads it. */
export function defineTenant(tenant: TenantInput): TenantInput {
  return tenant;
}
