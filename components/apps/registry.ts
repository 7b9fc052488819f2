import type * as pulumi from "@pulumi/pulumi";
import type { AppName, AppSettings } from "../../model/apps";
import type { AppArgs } from "./app";
import { Grist } from "./grist";
import { HedgeDoc } from "./hedgedoc";
import { Matrix } from "./matrix";
import { Mobilizon } from "./mobilizon";

/** An app component: constructed with its settings from the tenant file and the tenant's context. */
export type AppComponent<Settings> = new (name: string, args: AppArgs<Settings>, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

/**
 * The apps that need nothing beyond `AppArgs`: adding one is its file in components/apps/, its
 * settings in model/apps.ts, and one line here. (Nextcloud and Jitsi take more, and the Tenant
 * builds them itself.)
 */
export const APP_COMPONENTS: { readonly [A in AppName]?: AppComponent<AppSettings[A]> } = {
  matrix: Matrix,
  mobilizon: Mobilizon,
  hedgedoc: HedgeDoc,
  grist: Grist,
};

/**
 * Builds every app of `registry` the tenant file enables, named `<tenant>-<app>`, in a stable
 * order (the registry's), as children of the Tenant.
 */
export function buildApps<Apps extends Record<string, unknown>>(
  parent: pulumi.Resource,
  name: string,
  apps: Partial<Apps>,
  context: Omit<AppArgs<unknown>, "settings">,
  registry: { readonly [A in keyof Apps]?: AppComponent<Apps[A]> },
): pulumi.ComponentResource[] {
  const built: pulumi.ComponentResource[] = [];
  for (const app of Object.keys(registry) as (keyof Apps & string)[]) {
    const component = registry[app];
    const settings = apps[app];
    if (component === undefined || settings === undefined) continue;
    built.push(new component(`${name}-${app}`, { ...context, settings: settings as Apps[typeof app] }, { parent }));
  }
  return built;
}
