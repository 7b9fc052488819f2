import type * as pulumi from "@pulumi/pulumi";
import type { Tenant } from "../../model/tenant";
import type { FleetServices } from "../../model/contract/platform";
import type { TenantRealm } from "../../model/contract/realm";
import type { AppScope } from "../workload/scope";

/** The tenant-wide part of every app's scope, built once by the Tenant. */
export type TenantScope = Omit<AppScope, "parent" | "name" | "app">;

/** What every app component receives: its settings from the tenant file and the tenant's context. */
export interface AppArgs<Settings> {
  readonly tenant: Tenant;
  readonly settings: Settings;
  readonly base: TenantScope;
  readonly realm: TenantRealm;
  readonly services: FleetServices;
}

export function scopeOf(parent: pulumi.Resource, name: string, app: string, base: TenantScope): AppScope {
  return { ...base, parent, name, app };
}

/** `noreply@jardin.example` → its local part and domain, as apps that take them apart want. */
export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf("@");
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}
