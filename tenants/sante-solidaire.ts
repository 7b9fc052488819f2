import { defineTenant } from "../model/tenant";

// A network of health centres: patients' paperwork must not share machines with anyone else,
// so it runs on a pool of its own.
export default defineTenant({
  id: "sante-solidaire",
  name: "Réseau Santé Solidaire",
  contact: "securite@sante-solidaire.example",
  cluster: "ada-lovelace",
  domain: "sante-solidaire.example",
  // Three: its databases keep a primary and a standby on distinct machines even while one is down.
  plan: { kind: "dedicated", serverType: "cpx42", count: 3 },
  sso: { admins: ["securite@sante-solidaire.example"], mfa: "required" },
  apps: {
    nextcloud: { storageGiB: 300, office: "collabora" },
    jitsi: { maxResolution: 720 },
    hedgedoc: {},
    grist: { storageGiB: 20 },
  },
  backups: { schedule: "0 */6 * * *", retentionDays: 60 },
});
