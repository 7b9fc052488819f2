import { defineTenant } from "../model/tenant";

// A national federation of popular-education associations: many regional groups, long archives,
// still on the old cluster until its move.
export default defineTenant({
  id: "fede-educpop",
  name: "Fédération nationale d'éducation populaire",
  contact: "dsi@educpop.example",
  cluster: "louise-michel",
  domain: "educpop.example",
  sso: {
    admins: ["dsi@educpop.example", "s.benali@educpop.example", "m.lefevre@educpop.example"],
    mfa: "required",
  },
  apps: {
    nextcloud: { storageGiB: 2000, office: "collabora", hostname: "nuage.educpop.example" },
    jitsi: { maxResolution: 540 },
    matrix: { federation: true, mediaStorageGiB: 200 },
    mobilizon: { hostname: "agenda.educpop.example", mediaStorageGiB: 40 },
    hedgedoc: {},
    grist: { storageGiB: 50 },
  },
  backups: { schedule: "0 1 * * *", retentionDays: 90 },
});
