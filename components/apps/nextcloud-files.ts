/**
 * Files the Nextcloud pod mounts from its ConfigMap. Kept apart from the component so that the
 * component reads as a list of parts.
 */

/**
 * nginx in front of php-fpm, after Nextcloud's own example (trimmed to what a sub-domain install
 * needs). https://docs.nextcloud.com/server/stable/admin_manual/installation/nginx.html
 */
export const NGINX_CONF = `upstream php-handler { server 127.0.0.1:9000; }
map $arg_v $asset_immutable { "" ""; default ", immutable"; }
server {
  listen 8080;
  server_tokens off;
  root /var/www/html;
  client_max_body_size 10G;
  client_body_temp_path /tmp/client_body;
  fastcgi_buffers 64 4K;
  fastcgi_read_timeout 3600;
  add_header Referrer-Policy "no-referrer" always;
  add_header X-Content-Type-Options "nosniff" always;
  add_header X-Frame-Options "SAMEORIGIN" always;
  add_header X-Permitted-Cross-Domain-Policies "none" always;
  add_header X-Robots-Tag "noindex, nofollow" always;
  fastcgi_hide_header X-Powered-By;
  index index.php index.html /index.php$request_uri;
  location = / { if ( $http_user_agent ~ ^DavClnt ) { return 302 /remote.php/webdav/$is_args$args; } }
  location = /robots.txt { allow all; log_not_found off; access_log off; }
  location ^~ /.well-known {
    location = /.well-known/carddav { return 301 /remote.php/dav/; }
    location = /.well-known/caldav { return 301 /remote.php/dav/; }
    location /.well-known/acme-challenge { try_files $uri $uri/ =404; }
    location /.well-known/pki-validation { try_files $uri $uri/ =404; }
    return 301 /index.php$request_uri;
  }
  location ~ ^/(?:build|tests|config|lib|3rdparty|templates|data)(?:$|/) { return 404; }
  location ~ ^/(?:\\.|autotest|occ|issue|indie|db_|console) { return 404; }
  location ~ \\.php(?:$|/) {
    rewrite ^/(?!index|remote|public|cron|core\\/ajax\\/update|status|ocs\\/v[12]|updater\\/.+|ocs-provider\\/.+|.+\\/richdocumentscode(_arm64)?\\/proxy) /index.php$request_uri;
    fastcgi_split_path_info ^(.+?\\.php)(/.*)$;
    set $path_info $fastcgi_path_info;
    try_files $fastcgi_script_name =404;
    include fastcgi_params;
    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    fastcgi_param PATH_INFO $path_info;
    fastcgi_param HTTPS on;
    fastcgi_param modHeadersAvailable true;
    fastcgi_param front_controller_active true;
    fastcgi_pass php-handler;
    fastcgi_intercept_errors on;
    fastcgi_request_buffering off;
    fastcgi_max_temp_file_size 0;
  }
  location ~ \\.(?:css|js|mjs|svg|gif|ico|jpg|png|webp|wasm|tflite|map|ogg|flac)$ {
    try_files $uri /index.php$request_uri;
    add_header Cache-Control "public, max-age=15778463$asset_immutable";
    access_log off;
  }
  location ~ \\.(otf|woff2?)$ { try_files $uri /index.php$request_uri; expires 7d; access_log off; }
  location /remote { return 301 /remote.php$request_uri; }
  location / { try_files $uri $uri/ /index.php$request_uri; }
}
`;

/**
 * Extra config.php Nextcloud merges with its own (every `*.config.php` of its config directory):
 * Redis for caching and file locks, and OnlyOffice's JWT secret when the tenant has OnlyOffice. Read from variables of our own, because the image's REDIS_HOST
 * also makes its entrypoint write a PHP ini file under /usr/local
 * (34/fpm-alpine/entrypoint.sh at nextcloud/docker 4de1eed6, `configure_redis_session`), which a
 * non-root, read-only container cannot.
 * https://docs.nextcloud.com/server/stable/admin_manual/configuration_server/caching_configuration.html
 */
export const REDIS_CONFIG_PHP = `<?php
$CONFIG = array(
  'memcache.local' => '\\\\OC\\\\Memcache\\\\APCu',
  'memcache.distributed' => '\\\\OC\\\\Memcache\\\\Redis',
  'memcache.locking' => '\\\\OC\\\\Memcache\\\\Redis',
  'redis' => array(
    'host' => getenv('JARDIN_REDIS_HOST'),
    'port' => 6379,
    'password' => getenv('JARDIN_REDIS_PASSWORD'),
  ),
  'maintenance_window_start' => 1,
);
// OnlyOffice's connector takes its JWT secret from here when no app value is set
// (onlyoffice/onlyoffice-nextcloud lib/appconfig.php, getDocumentServerSecret).
if (getenv('ONLYOFFICE_JWT_SECRET') !== false) {
  $CONFIG['onlyoffice'] = array('jwt_secret' => getenv('ONLYOFFICE_JWT_SECRET'));
}
`;

/** Where the pod mounts the ConfigMap: outside /var/www/html, which must stay the volume alone. */
export const NEXTCLOUD_JARDIN_DIR = "/etc/jardin/nextcloud";

/**
 * The image's own config files the hook puts back at every start. Its entrypoint copies
 * /usr/src/nextcloud/config into /var/www/html/config only while that directory is empty
 * (34/fpm-alpine/entrypoint.sh at nextcloud/docker 4de1eed6, the `for dir in config data
 * custom_apps themes` loop), so a volume installed once without them would silently ignore
 * OVERWRITEPROTOCOL, OVERWRITECLIURL, TRUSTED_PROXIES and SMTP_* for ever.
 */
export const NEXTCLOUD_IMAGE_CONFIG_FILES = ["reverse-proxy.config.php", "smtp.config.php"] as const;

/**
 * Runs before php-fpm at every start (the image's `before-starting` hook), as the app's user:
 * the config files in place, login through the realm only, and the office suite the tenant file
 * names. Every step is idempotent, so the file is the truth and a start repairs a drifted setting.
 * The client secret is read by occ from the environment (`--clientsecret-env`, user_oidc's
 * lib/Command/UpsertProvider.php at v8.10.1), never written on a command line.
 * https://github.com/nextcloud/docker#auto-configuration-via-hook-folders
 * https://github.com/nextcloud/user_oidc#commandline-settings
 */
export const CONFIGURE_HOOK = `#!/bin/sh
set -eu
occ() { php /var/www/html/occ "$@"; }
enable() { occ app:enable "$1" >/dev/null 2>&1 || occ app:install "$1"; }

for file in ${NEXTCLOUD_IMAGE_CONFIG_FILES.join(" ")}; do
  cp "/usr/src/nextcloud/config/$file" "/var/www/html/config/$file"
done
cp "${NEXTCLOUD_JARDIN_DIR}/jardin.config.php" /var/www/html/config/jardin.config.php

enable user_oidc
occ user_oidc:provider "$OIDC_PROVIDER" \\
  --clientid="$OIDC_CLIENT_ID" --clientsecret-env=OIDC_CLIENT_SECRET \\
  --discoveryuri="$OIDC_DISCOVERY_URI" --postlogouturi="$OIDC_POST_LOGOUT_URI" \\
  --scope="$OIDC_SCOPE" \\
  --unique-uid=0 --mapping-uid=preferred_username --mapping-display-name=name --mapping-email=email
# The realm is the only way in; the admin account stays reachable at /login?direct=1.
occ config:app:set --type=string --value=0 user_oidc allow_multiple_user_backends

case "$JARDIN_OFFICE" in
  collabora)
    enable richdocuments
    occ config:app:set --value="$OFFICE_URL" richdocuments wopi_url
    occ richdocuments:activate-config
    ;;
  onlyoffice)
    enable onlyoffice
    occ config:app:set --value="$OFFICE_URL/" onlyoffice DocumentServerUrl
    # Its JWT secret comes from config.php (jardin.config.php), never an occ command line: the
    # connector reads the app value first, so none may linger.
    occ config:app:delete onlyoffice jwt_secret
    ;;
esac
`;
