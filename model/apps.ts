import { z } from "zod";
import { hostname } from "./names";

/**
 * The settings each app accepts in a tenant file. Adding an app is one entry here, its hostnames
 * below, and its component in components/apps/.
 */
const storage = (what: string, fallback: number) =>
  z
    .number({ error: `the ${what} size is a whole number of GiB, like ${fallback}` })
    .int()
    .min(1)
    .max(10_000, { error: `more than 10000 GiB of ${what} needs a dedicated storage plan; ask the gardeners` })
    .default(fallback);

/** Video heights the collective allows: sobriety caps visio at 720p. */
export const VIDEO_HEIGHTS = [180, 360, 540, 720] as const;

export const appSchemas = {
  nextcloud: z.strictObject({
    /** @default `cloud.<domain>` */
    hostname: hostname.optional(),
    /** Files of all members; kept on a retained volume. @default 100 */
    storageGiB: storage("file storage", 100),
    /** @default "collabora" */
    office: z.enum(["collabora", "onlyoffice", "none"]).default("collabora"),
    /** @default `office.<domain>` */
    officeHostname: hostname.optional(),
  }),
  jitsi: z.strictObject({
    /** @default `visio.<domain>` */
    hostname: hostname.optional(),
    /** Highest video height sent and received. @default 720 */
    maxResolution: z
      .literal(VIDEO_HEIGHTS, {
        error: (issue) =>
          typeof issue.input === "number" && issue.input > 720
            ? `${issue.input}p is above the collective's 720p cap (sobriety: video is the heaviest load we carry); use 720 or lower`
            : `${JSON.stringify(issue.input)} is not a supported video height; use 180, 360, 540 or 720`,
      })
      .default(720),
  }),
  matrix: z.strictObject({
    /** Synapse. @default `matrix.<domain>` */
    hostname: hostname.optional(),
    /** Element web. @default `chat.<domain>` */
    elementHostname: hostname.optional(),
    /** The end of every user ID (@alice:server); it can never change. @default the Synapse hostname */
    serverName: hostname.optional(),
    /** Talk with other Matrix servers. @default true */
    federation: z.boolean().default(true),
    /** @default 20 */
    mediaStorageGiB: storage("media storage", 20),
  }),
  mobilizon: z.strictObject({
    /** @default `events.<domain>` */
    hostname: hostname.optional(),
    /** @default 10 */
    mediaStorageGiB: storage("media storage", 10),
  }),
  hedgedoc: z.strictObject({
    /** @default `pad.<domain>` */
    hostname: hostname.optional(),
    /** @default 5 */
    uploadsStorageGiB: storage("upload storage", 5),
  }),
  grist: z.strictObject({
    /** @default `grist.<domain>` */
    hostname: hostname.optional(),
    /** @default 10 */
    storageGiB: storage("document storage", 10),
  }),
} as const;

export type AppName = keyof typeof appSchemas;
export const APP_NAMES = Object.keys(appSchemas) as AppName[];

export type AppSettings = { [A in AppName]: z.output<(typeof appSchemas)[A]> };
