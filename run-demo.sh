#!/usr/bin/env bash
# Builds the bundle and starts Keycloak 26.7.3 with it and the demo realm, on embedded defaults:
# H2 for Keycloak's own database and H2 for the app's users table (seeded with the demo users).
# Usage: ./run-demo.sh            (PORT=8080 by default; Ctrl-C stops Keycloak)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
KC_VERSION=26.7.3
PORT=${PORT:-8080}
DEMO_DIR="$ROOT/target/demo"
KC_HOME="$DEMO_DIR/keycloak-$KC_VERSION"

echo "==> Building the bundle"
mvn -B -q -DskipTests -DskipITs install

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  echo "==> Unpacking keycloak-quarkus-dist $KC_VERSION from Maven Central"
  mkdir -p "$DEMO_DIR"
  mvn -B -q dependency:unpack -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" -DoutputDirectory="$DEMO_DIR"
fi
cp bundle/target/identity-bridge-keycloak-*.jar "$KC_HOME/providers/identity-bridge-keycloak.jar"
mkdir -p "$KC_HOME/data/import" "$KC_HOME/data/identity-bridge"
cp realm-export/demo-realm.json "$KC_HOME/data/import/demo-realm.json"

echo "==> Creating the demo app users table (H2 file $KC_HOME/data/identity-bridge/app-users)"
mvn -B -q -pl user-storage-provider liquibase:update \
  -Dliquibase.url="jdbc:h2:file:$KC_HOME/data/identity-bridge/app-users" \
  -Dliquibase.username=sa -Dliquibase.password= -Dliquibase.contexts=demo

BASE="http://localhost:$PORT"
cat <<INFO
==> Starting Keycloak $KC_VERSION on $BASE
    Admin console:   $BASE/admin/   (admin / admin)
    Account console: $BASE/realms/demo/account
    Demo app users:  alice, bob, carol, dave, erin, frank, grace, heidi (password Demo-Passw0rd!),
                     one per hash format; mallory is disabled. Registration writes new users into the app table.
    Log in as demo-app (authorization code + PKCE; the redirect to localhost:3000 carries the code):
      $BASE/realms/demo/protocol/openid-connect/auth?client_id=demo-app&response_type=code&scope=openid&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256
      (code_verifier for the exchange: dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk)
    Alice's roles and groups from the app's user_roles and user_groups tables, in her access token (demo-cli):
      curl -s -d grant_type=password -d client_id=demo-cli -d username=alice -d 'password=Demo-Passw0rd!' \\
        $BASE/realms/demo/protocol/openid-connect/token \\
        | python3 -c 'import sys,json,base64; t=json.load(sys.stdin)["access_token"].split(".")[1]; c=json.loads(base64.urlsafe_b64decode(t+"==")); print(c["realm_access"], c["groups"], c["user_id"], c["phone_number"])'
    Resolve an app user id as the internal gateway:
      TOKEN=\$(curl -s -d grant_type=client_credentials -d client_id=internal-gateway -d client_secret=gateway-secret \\
        $BASE/realms/demo/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
      curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
        -d '{"email":"carol@example.com"}' $BASE/realms/demo/identity/resolve
INFO
cd "$KC_HOME"
export KC_BOOTSTRAP_ADMIN_USERNAME=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
export KC_BOOTSTRAP_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
# the demo's app table is an embedded H2 file: allow H2, and H2 files only in data/identity-bridge (docs/security-configuration.md)
exec bin/kc.sh start-dev --http-port="$PORT" --import-realm \
  --spi-storage--external-users--allow-h2=true --spi-storage--external-users--h2-directory=data/identity-bridge
