import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { parseSettings } from "./config";
import { asRecord, describeObject } from "./lib/kubernetes";
import { tenantNamespaces } from "./lib/stack";

const SECRET_TYPE = "kubernetes:core/v1:Secret";

const settingsSchema = z.strictObject({
  /**
   * Keys of a Secret's data that may carry the same value in several tenants' namespaces, each
   * with the reason it cannot be per tenant (the fleet's object-storage key). @default []
   */
  sharedKeys: z.array(z.strictObject({ keys: z.array(z.string().min(1)).min(1), reason: z.string().trim().min(10) })).default([]),
});

/**
 * A value source: a resource that makes a value (a generated password or key, an OIDC client and
 * its secret, another Secret). Not one that only orders a Secret's creation: a namespace, a chart,
 * a component, a provider, a readiness gate.
 */
function isValueSource(resource: PolicyResource): boolean {
  if (resource.type === SECRET_TYPE) return true;
  const [pkg] = resource.type.split(":");
  return pkg !== "kubernetes" && pkg !== "pulumi" && pkg !== "jardin" && pkg !== "pulumi-nodejs";
}

/** How the offline plan shows a value it cannot see (scripts/plan/snapshot.ts). */
const HIDDEN = new Set(["[secret]", "[unknown]"]);
/** A value that looks like a credential (a token, a key, a password), not a name or a number. */
const CREDENTIAL = /^[A-Za-z0-9+/=_-]{16,}$/;

/** The credential-like values a Secret carries in clear to the pack, by key (the engine unwraps secrets). */
function knownCredentials(secret: PolicyResource, shared: ReadonlySet<string>): [key: string, value: string][] {
  return ["stringData", "data"].flatMap((field) =>
    Object.entries(asRecord(secret.props[field])).flatMap(([key, value]): [string, string][] =>
      typeof value === "string" && !HIDDEN.has(value) && CREDENTIAL.test(value) && !shared.has(key) ? [[key, value]] : [],
    ),
  );
}

/**
 * No tenant holds what opens another's: a value given to the Secrets of one tenant's namespaces
 * (its own and its office namespace) is given to no other tenant's. Two ways of seeing it, as the
 * engine shows a preview: by source, a generated resource (a random password, a key, an OIDC
 * client) two tenants' Secrets are made from, known before anything exists; and by value, the
 * same credential-like value in two tenants' Secrets (a config key's, which the engine hands the
 * pack decrypted), but for the keys the pack config's `sharedKeys` names with a reason.
 */
export const secretsPerTenant: StackValidationPolicy = {
  name: "secrets-per-tenant",
  description:
    "No Secret of one tenant's namespaces carries a value also given to another tenant's: neither made from the same generated resource (random password, key, OIDC client, another Secret), nor holding the same credential-like value (16 or more letters, digits, +/=_-) under a key the pack config's sharedKeys does not name with its reason.",
  configSchema: {
    properties: {
      sharedKeys: {
        type: "array",
        items: { type: "object", properties: { keys: { type: "array", items: { type: "string" } }, reason: { type: "string" } }, required: ["keys", "reason"] },
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const settings = parseSettings("secrets-per-tenant", settingsSchema, args.getConfig());
    const shared = new Set(settings.sharedKeys.flatMap((entry) => entry.keys));
    // Each source, and each value, with the first tenant whose Secret uses it.
    const firstUse = new Map<string, { readonly tenant: string; readonly secret: PolicyResource }>();
    const check = (mark: string, tenant: string, secret: PolicyResource, say: (first: PolicyResource, firstTenant: string) => string) => {
      const first = firstUse.get(mark);
      if (first === undefined) firstUse.set(mark, { tenant, secret });
      else if (first.tenant !== tenant) reportViolation(say(first.secret, first.tenant), secret.urn);
    };
    for (const { tenant, contents } of tenantNamespaces(args.resources)) {
      for (const secret of contents.filter((r) => r.type === SECRET_TYPE)) {
        const where = `${describeObject(secret.type, secret.props, secret.name)} of tenant "${tenant}"`;
        for (const source of new Set(secret.dependencies.filter(isValueSource))) {
          check(`source ${source.urn}`, tenant, secret, (first, firstTenant) =>
            `${where} is made from ${source.type} ${source.name}, as ${describeObject(first.type, first.props, first.name)} of tenant "${firstTenant}" is: one tenant's value would open the other's; generate one per tenant`,
          );
        }
        for (const [key, value] of knownCredentials(secret, shared)) {
          check(`value ${value}`, tenant, secret, (first, firstTenant) =>
            `${where} holds under "${key}" the same value as ${describeObject(first.type, first.props, first.name)} of tenant "${firstTenant}": one tenant's value would open the other's; give each tenant its own (or, for a key that cannot be per tenant, name it in sharedKeys with the reason)`,
          );
        }
      }
    }
  },
};
