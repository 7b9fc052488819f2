/**
 * Synapse's configuration, in two files it merges (`--config-path` twice): the public part in a
 * ConfigMap, so the plan and its diff show every setting (the server name above all), and the
 * secret part in the app's Secret. JSON is YAML, so no serializer is needed.
 * https://element-hq.github.io/synapse/latest/usage/configuration/config_documentation.html
 */

/** Where the pod mounts them. */
export const SYNAPSE_PATHS = {
  config: "/config/homeserver.yaml",
  secrets: "/secrets/secrets.yaml",
  signingKey: "/secrets/signing.key",
  media: "/data/media",
} as const;

export const SYNAPSE_PORT = 8008;

/** The Matrix localpart of an account from the realm (see oidc_providers below). */
export const SYNAPSE_LOCALPART_TEMPLATE = "{{ user.preferred_username | localpart_from_email }}";

export interface SynapsePublicSettings {
  readonly serverName: string;
  /** The Synapse hostname. */
  readonly host: string;
  readonly federation: boolean;
  readonly database: { readonly host: string; readonly name: string; readonly user: string };
}

export function synapsePublicConfig(s: SynapsePublicSettings): Record<string, unknown> {
  return {
    server_name: s.serverName,
    public_baseurl: `https://${s.host}/`,
    // Answers /.well-known/matrix/server on the server name's host, which the Ingress routes here.
    serve_server_wellknown: s.federation,
    report_stats: false,
    listeners: [
      {
        port: SYNAPSE_PORT,
        type: "http",
        tls: false,
        x_forwarded: true,
        bind_addresses: ["0.0.0.0"],
        // Federation off: no federation endpoints at all, not merely an empty whitelist.
        resources: [{ names: s.federation ? ["client", "federation"] : ["client"], compress: false }],
      },
    ],
    ...(s.federation
      ? {}
      : {
          // An empty list federates with nobody. https://element-hq.github.io/synapse/latest/usage/configuration/config_documentation.html#federation_domain_whitelist
          federation_domain_whitelist: [],
          trusted_key_servers: [],
        }),
    suppress_key_server_warning: true,
    // The password comes from PGPASSWORD (libpq reads it), so this file holds no secret.
    database: {
      name: "psycopg2",
      args: { host: s.database.host, port: 5432, dbname: s.database.name, user: s.database.user, cp_min: 2, cp_max: 10 },
    },
    media_store_path: SYNAPSE_PATHS.media,
    max_upload_size: "50M",
    // Fetching previews makes the server request any link members post.
    url_preview_enabled: false,
    signing_key_path: SYNAPSE_PATHS.signingKey,
    // Accounts live in the realm: no local passwords, no registration.
    password_config: { enabled: false },
    enable_registration: false,
  };
}

export interface SynapseSecretSettings {
  readonly macaroonSecretKey: string;
  readonly formSecret: string;
  readonly smtp: { readonly host: string; readonly port: number; readonly username: string; readonly from: string; readonly password: string };
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly clientSecret: string; readonly label: string };
}

/**
 * The secret half. Synapse merges files by top-level key only, so `email` and `oidc_providers`
 * are whole here, with their secrets.
 */
export function synapseSecretConfig(s: SynapseSecretSettings): Record<string, unknown> {
  return {
    macaroon_secret_key: s.macaroonSecretKey,
    form_secret: s.formSecret,
    email: {
      smtp_host: s.smtp.host,
      smtp_port: s.smtp.port,
      smtp_user: s.smtp.username,
      smtp_pass: s.smtp.password,
      // 465 speaks TLS from the first byte; 587 upgrades with STARTTLS.
      force_tls: s.smtp.port === 465,
      require_transport_security: s.smtp.port === 587,
      notif_from: `%(app)s <${s.smtp.from}>`,
    },
    // https://element-hq.github.io/synapse/latest/openid.html#keycloak
    oidc_providers: [
      {
        idp_id: "keycloak",
        idp_name: s.oidc.label,
        issuer: s.oidc.issuer,
        client_id: s.oidc.clientId,
        client_secret: s.oidc.clientSecret,
        scopes: ["openid", "profile", "email"],
        backchannel_logout_enabled: true,
        user_mapping_provider: {
          config: {
            // The realm's username, less any "@domain": an account named by its address would
            // otherwise be @name=40domain forever (map_username_to_mxid_localpart escapes "@").
            // Synapse's own filter (synapse/handlers/oidc.py, synapse/util/templates.py at v1.149.1);
            // a name already taken gets a digit, and the account is found again by its subject.
            localpart_template: SYNAPSE_LOCALPART_TEMPLATE,
            display_name_template: "{{ user.name }}",
            email_template: "{{ user.email }}",
          },
        },
      },
    ],
  };
}
