import { defineTenant } from "../model/tenant";

// An associative café and its volunteers. Its Nextcloud was deployed by hand on louise-michel
// before jardin existed: the first `pulumi up` takes its namespace and its files into the stack
// exactly as they are (adopt, step "import"), while the hand-deployed app keeps running. A later
// pull request sets step "converge", once a gardener has stopped the old deployment, and jardin
// runs the app on the same claim (README "Adopting what already runs").
export default defineTenant({
  id: "cafe-des-possibles",
  name: "Café des Possibles",
  contact: "benevoles@cafe-des-possibles.jardin.example",
  cluster: "louise-michel",
  domain: "cafe-des-possibles.jardin.example",
  sso: { admins: ["benevoles@cafe-des-possibles.jardin.example"], mfa: "optional" },
  apps: {
    nextcloud: { storageGiB: 50, office: "none" },
  },
  adopt: {
    step: "import",
    namespace: true,
    realm: false,
    claims: { "nextcloud-files": { name: "nextcloud-data", sizeGiB: 50, storageClass: "longhorn-retain" } },
  },
});
