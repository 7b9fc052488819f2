import { z } from "zod";

/** A Pulumi resource name, as the plan's diff prints it (`la-fourmiliere-matrix-signing-seed`). */
const resourceName = z.string().regex(/^[a-z0-9][a-z0-9.@_-]*$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a resource name; copy it from the plan's refusal (the name after the resource type)`,
});

const reason = z.string().min(10, { error: "say why, and what happens to what the old one held (at least 10 characters)" });

/**
 * Changes the plan's data-loss gate refuses unless they are meant, declared in the fleet file of
 * the pull request that makes them. Keyed by the resource's Pulumi name (as the refusal prints
 * it); each entry says why. The gate then lets that resource's change through and prints what
 * happens. Remove the entry once the change is applied: the plan says when one lets nothing through.
 */
export const declaredChangesSchema = z
  .strictObject({
    /**
     * Identities regenerated on purpose: a Matrix signing key, a cluster join token, a cluster CA,
     * a volume-backup repository password, a Kubernetes provider's identity.
     * @default none
     */
    rotations: z.record(resourceName, reason).default({}),
    /**
     * What keeps a tenant's data safe, changed on purpose: its backups (WAL archiving, schedule,
     * retention, bucket, path), a retained resource let go (offboarding), a machine or load
     * balancer replaced or removed.
     * @default none
     */
    migrations: z.record(resourceName, reason).default({}),
  })
  .default({ rotations: {}, migrations: {} });

export type DeclaredChanges = z.output<typeof declaredChangesSchema>;
