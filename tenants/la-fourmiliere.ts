import { defineTenant } from "../model/tenant";

// A cooperative of about 200 members: files and office documents, visio, chat and its events.
export default defineTenant({
  id: "la-fourmiliere",
  name: "La Fourmilière, coopérative d'activité et d'emploi",
  contact: "numerique@lafourmiliere.example",
  cluster: "ada-lovelace",
  domain: "lafourmiliere.example",
  sso: {
    admins: ["numerique@lafourmiliere.example", "camille.roux@lafourmiliere.example"],
    mfa: "required",
  },
  apps: {
    nextcloud: { storageGiB: 500, office: "onlyoffice" },
    jitsi: { maxResolution: 720 },
    matrix: { serverName: "lafourmiliere.example", mediaStorageGiB: 50 },
    mobilizon: {},
  },
  backups: { schedule: "30 2 * * *", retentionDays: 30 },
});
