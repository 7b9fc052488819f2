import { z } from "zod";

/**
 * An admin's username in the realm: the local part of their address, lower-cased. Never the whole
 * address: Synapse turns the username into the Matrix ID, once and for good, escaping what a
 * Matrix ID cannot hold (`dsi@educpop.example` would be `@dsi=40educpop.example:…`).
 */
export function adminUsername(email: string): string {
  return email.slice(0, email.lastIndexOf("@")).toLowerCase();
}

/**
 * What a username may hold so that it is its own Matrix localpart, unescaped: Synapse keeps
 * `a-z 0-9 _ - . = + /` and escapes the rest, and a leading `_` (synapse/types/__init__.py,
 * map_username_to_mxid_localpart, v1.149.1); of those, letters, digits, `.`, `_` and `-` read as
 * a name everywhere (Keycloak, Nextcloud, URLs).
 */
export const CLEAN_USERNAME = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Every admin's derived username is clean and unique in the realm; otherwise the file names
 * another address for that admin (no address is changed behind their back).
 */
export function adminUsernameIssues(admins: readonly string[]): { readonly index: number; readonly message: string }[] {
  const firstByUsername = new Map<string, string>();
  return admins.flatMap((email, index) => {
    const username = adminUsername(email);
    if (!CLEAN_USERNAME.test(username)) {
      return [
        {
          index,
          message:
            `"${email}" would make the username "${username}", which becomes the admin's Matrix ID and must hold only ` +
            `lower-case letters, digits, ".", "_" and "-" (and start with a letter or digit); list an address whose part before "@" does`,
        },
      ];
    }
    const first = firstByUsername.get(username);
    if (first !== undefined) {
      return [
        {
          index,
          message:
            `"${email}" and "${first}" would both have the username "${username}" (the part before "@", which becomes ` +
            `the Matrix ID); list one of them by an address with another part before "@"`,
        },
      ];
    }
    firstByUsername.set(username, email);
    return [];
  });
}

/** For the tenant schema: each issue on `sso.admins[i]`. */
export function checkAdminUsernames(admins: readonly string[], ctx: z.RefinementCtx): void {
  for (const issue of adminUsernameIssues(admins)) {
    ctx.addIssue({ code: "custom", path: [issue.index], message: issue.message });
  }
}
