import { z } from "zod";
import type { AppName, AppSettings } from "./apps";
import { slug } from "./names";

/**
 * The claims each app keeps (the building block names them `<app>-<key>`), with the setting of the
 * tenant file that sizes each: an adoption declares existing claims by these names, and the plan
 * checks them before anything is registered. test/model/adoption.test.ts holds this list against
 * the claims the program really declares.
 */
export const APP_CLAIMS: { readonly [A in AppName]?: Readonly<Record<string, keyof AppSettings[A]>> } = {
  nextcloud: { files: "storageGiB" },
  matrix: { media: "mediaStorageGiB" },
  mobilizon: { media: "mediaStorageGiB" },
  hedgedoc: { uploads: "uploadsStorageGiB" },
  grist: { documents: "storageGiB" },
};

/** Apps that keep a PostgreSQL database on CloudNativePG (`<app>-db`). */
export const APPS_WITH_DATABASE: readonly AppName[] = ["nextcloud", "matrix", "mobilizon", "hedgedoc"];

const objectName = slug("Kubernetes object name", 63);

/**
 * What already runs for an organisation on an adopted cluster, deployed before jardin: its
 * namespace (named after the tenant id), its claims, its CloudNativePG databases and its realm,
 * with their current names. The program imports them (Pulumi's `import` option, ids from here)
 * rather than creating them, and keeps the current names afterwards.
 */
export const adoptionSchema = z.strictObject({
  /**
   * `import`: the first `pulumi up` takes the objects into the stack exactly as they are (every
   * input jardin would set is ignored for them, so nothing that holds data can change).
   * `converge`: once imported, a later pull request lets jardin set its labels, policies and
   * settings on them; the data-loss gate judges that change like any other.
   */
  step: z.enum(["import", "converge"]),
  /** The tenant's namespace already exists (named after the tenant id). */
  namespace: z.boolean(),
  /** The tenant's realm already exists on the fleet's Keycloak (named after the tenant id). */
  realm: z.boolean(),
  /** Admins of `sso.admins`, as written there, who already have an account in that realm. @default none */
  admins: z.array(z.string()).default([]),
  /**
   * Existing claims, by the name jardin gives the claim (`nextcloud-files`, `matrix-media`...): the
   * current name, size and storage class. @default none
   */
  claims: z
    .record(
      z.string(),
      z.strictObject({ name: objectName, sizeGiB: z.number().int().positive(), storageClass: objectName }),
    )
    .default({}),
  /**
   * Existing CloudNativePG clusters, by app: the current `Cluster` name, and its database (and
   * owner) when not named after the app (CloudNativePG's own default is `app`). @default none
   */
  databases: z.record(z.string(), z.strictObject({ cluster: objectName, database: objectName.optional() })).default({}),
});

export type Adoption = z.output<typeof adoptionSchema>;

/** Problems of a tenant's adoption against its own apps, each naming the field and the fix. */
export function adoptionProblems(tenant: {
  readonly apps: Partial<AppSettings>;
  readonly sso: { readonly admins: readonly string[] };
  readonly adopt?: Adoption;
}): { readonly path: string; readonly message: string }[] {
  const adopt = tenant.adopt;
  if (adopt === undefined) return [];
  const problems: { path: string; message: string }[] = [];
  adopt.admins.forEach((admin, index) => {
    if (!adopt.realm) {
      problems.push({ path: `adopt.admins.${index}`, message: `"${admin}" cannot have an account in a realm jardin creates; set adopt.realm to true if the realm exists, or remove it here` });
    } else if (!tenant.sso.admins.includes(admin)) {
      problems.push({ path: `adopt.admins.${index}`, message: `"${admin}" is not in sso.admins; add it there, or remove it here` });
    }
  });
  const claims = claimsOf(tenant.apps);
  for (const [claim, existing] of Object.entries(adopt.claims)) {
    const size = claims.get(claim);
    if (size === undefined) {
      const known = [...claims.keys()];
      problems.push({
        path: `adopt.claims.${claim}`,
        message: `no app of this tenant keeps a claim "${claim}"; its apps' claims are ${known.length === 0 ? "none" : known.join(", ")}`,
      });
    } else if (adopt.step === "import" && existing.sizeGiB !== size.sizeGiB) {
      problems.push({
        path: `adopt.claims.${claim}.sizeGiB`,
        message:
          `the claim is ${existing.sizeGiB} GiB but apps.${size.setting} says ${size.sizeGiB}: an adopted claim is imported as it is; ` +
          `set apps.${size.setting} to ${existing.sizeGiB}, and grow it in a later pull request once imported`,
      });
    }
  }
  for (const app of Object.keys(adopt.databases)) {
    if (!APPS_WITH_DATABASE.includes(app as AppName) || tenant.apps[app as AppName] === undefined) {
      const withDatabase = APPS_WITH_DATABASE.filter((a) => tenant.apps[a] !== undefined);
      problems.push({
        path: `adopt.databases.${app}`,
        message: `no app "${app}" of this tenant keeps a database; those that do are ${withDatabase.length === 0 ? "none" : withDatabase.join(", ")}`,
      });
    }
  }
  return problems;
}

/** `<app>-<key>` → the app's setting that sizes it and its size, for the apps the tenant uses. */
function claimsOf(apps: Partial<AppSettings>): Map<string, { setting: string; sizeGiB: number }> {
  const claims = new Map<string, { setting: string; sizeGiB: number }>();
  for (const [app, keys] of Object.entries(APP_CLAIMS) as [AppName, Record<string, string>][]) {
    const settings = apps[app] as Record<string, unknown> | undefined;
    if (settings === undefined) continue;
    for (const [key, setting] of Object.entries(keys)) {
      claims.set(`${app}-${key}`, { setting: `${app}.${setting}`, sizeGiB: settings[setting] as number });
    }
  }
  return claims;
}
