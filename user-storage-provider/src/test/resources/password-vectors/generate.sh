#!/usr/bin/env bash
#
# Produces the password hash fixtures of dev.identitybridge.keycloak.users.password with implementations OTHER
# than ours, so that the Java verifier is tested against what real systems write:
#
#   vectors.tsv      next to this script: format <TAB> password <TAB> hash <TAB> producer
#   demo-users.csv   src/main/resources/META-INF/identity-bridge/db/: Liquibase loadData rows, password Demo-Passw0rd!
#
# Producers: PHP's password_hash()/crypt()/hash(), Debian's /usr/bin/python3 with python3-bcrypt, python3-argon2
# (argon2-cffi), python3-passlib, hashlib and crypt, and node with bcryptjs and @phc/pbkdf2 from npm (installed into
# $NODE_DIR, never into the repository). Every hash has a random salt, so each run writes different but equally
# valid output; the committed files are the fixtures and this script documents how they were made.
#
#   writer-vectors.tsv  next to this script: hashes with FIXED salts, for PasswordHasher to reproduce byte for byte
#
# Usage: generate.sh [vectors|writer-vectors|demo-users|all]     (default: all)
#
set -euo pipefail
export LC_ALL=C.UTF-8

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE="$(cd "$HERE/../../../.." && pwd)"
VECTORS="$HERE/vectors.tsv"
WRITER_VECTORS="$HERE/writer-vectors.tsv"
DEMO_USERS="$MODULE/src/main/resources/META-INF/identity-bridge/db/demo-users.csv"

PY=/usr/bin/python3   # Debian's python (the pyenv python3 on PATH lacks the packages)
NODE_DIR="${NODE_DIR:-/tmp/identity-bridge-password-vectors-node}"
BCRYPTJS_2=2.4.3      # writes $2a$
BCRYPTJS_3=3.0.3      # writes $2b$
PHC_PBKDF2=1.1.14

# ---------------------------------------------------------------------------------------------------------------
# tools

ensure_node_modules() {
  if ! (cd "$NODE_DIR" 2>/dev/null && node -e 'require("bcryptjs2"); require("bcryptjs"); require("@phc/pbkdf2")' 2>/dev/null); then
    mkdir -p "$NODE_DIR"
    npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
      "bcryptjs2@npm:bcryptjs@$BCRYPTJS_2" "bcryptjs@$BCRYPTJS_3" "@phc/pbkdf2@$PHC_PBKDF2" >&2
  fi
}

PY_V="$("$PY" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
pyversion() { "$PY" -c 'import importlib.metadata, sys; print(importlib.metadata.version(sys.argv[1]))' "$1"; }
BCRYPT_V="$(pyversion bcrypt)"
ARGON2_V="$(pyversion argon2-cffi)"
PASSLIB_V="$(pyversion passlib)"

die() { echo "generate.sh: $*" >&2; exit 1; }

# php_password_hash ALGO_CONSTANT OPTIONS_JSON PASSWORD
php_password_hash() {
  php -r '[, $algo, $options, $password] = $argv;
          echo password_hash($password, constant($algo), json_decode($options, true));' -- "$@"
}

# php_crypt SETTING_PREFIX PASSWORD      (PHP's crypt() with a random 16-character salt)
php_crypt() {
  php -r '[, $prefix, $password] = $argv;
          echo crypt($password, $prefix . substr(strtr(base64_encode(random_bytes(12)), "+", "."), 0, 16));' -- "$@"
}

# php_ldap_ssha PHP_HASH_ALGO TAG SALT_BYTES PASSWORD    ({TAG}base64(hash(password . salt) . salt))
php_ldap_ssha() {
  php -r '[, $algo, $tag, $saltBytes, $password] = $argv; $salt = random_bytes((int) $saltBytes);
          echo "{" . $tag . "}" . base64_encode(hash($algo, $password . $salt, true) . $salt);' -- "$@"
}

# py CODE PASSWORD [ARG...]     (CODE reads the password from pw (sys.argv[1]) and prints the hash)
py() {
  "$PY" -W ignore -c "import sys; pw = sys.argv[1]
$1" "${@:2}"
}

# node_js CODE PASSWORD     (CODE reads the password from pw and prints the hash; may return a promise)
node_js() {
  (cd "$NODE_DIR" && node -e "const pw = process.argv[1]; Promise.resolve((() => { $1 })()).then(h => console.log(h));" "$2")
}

# werkzeug_style ALGO ITERATIONS PASSWORD     (Werkzeug's layout, computed with hashlib.pbkdf2_hmac like Werkzeug)
werkzeug_style() {
  "$PY" -c '
import hashlib, secrets, string, sys
algo, iterations, pw = sys.argv[1], int(sys.argv[2]), sys.argv[3]
salt = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
print(f"pbkdf2:{algo}:{iterations}${salt}${hashlib.pbkdf2_hmac(algo, pw.encode(), salt.encode(), iterations).hex()}")
' "$@"
}

# ---------------------------------------------------------------------------------------------------------------
# vectors.tsv

P_ASCII='correct horse battery staple'
P_UMLAUT='pässwörd'
P_MIXED='Пароль-密码-🔑'                                       # Cyrillic, CJK (3-byte) and an emoji (4-byte UTF-8)
P_SYMBOLS=$'Tr0ub4dor&3 "quoted" \'single\' \\back $HOME %s'  # quotes, backslash and $ are taken literally
P_LONG='0123456789abcdefghijklmnopqrstuvwxyz-0123456789abcdefghijklmnopqrstuvwxyz-XYZ'  # 80 bytes: bcrypt uses 72
P_EMPTY=''

# vector FORMAT PASSWORD PRODUCER COMMAND...      (runs COMMAND, which prints the hash, and writes one TSV row)
vector() {
  local format="$1" password="$2" producer="$3" hash
  shift 3
  hash="$("$@")" || die "producer failed: $producer"
  [[ -n "$hash" && "$hash" != *$'\t'* && "$hash" != *$'\n'* ]] || die "bad output from: $producer"
  printf '%s\t%s\t%s\t%s\n' "$format" "$password" "$hash" "$producer"
}

generate_vectors() {
  ensure_node_modules
  local php="php $(php -r 'echo PHP_VERSION;')" pybcrypt="python $PY_V bcrypt $BCRYPT_V" argon2="python $PY_V argon2-cffi $ARGON2_V"
  local passlib="python $PY_V passlib $PASSLIB_V" hashlib="python $PY_V hashlib.pbkdf2_hmac"
  {
    printf '# Password hash test vectors for dev.identitybridge.keycloak.users.password, produced by implementations\n'
    printf '# other than ours. Generated by generate.sh in this folder; do not edit by hand (see README.md).\n'
    printf 'format\tpassword\thash\tproducer\n'

    # --- bcrypt -------------------------------------------------------------------------------------------------
    vector BCRYPT "$P_UMLAUT" "$php password_hash PASSWORD_BCRYPT cost 4" \
      php_password_hash PASSWORD_BCRYPT '{"cost":4}' "$P_UMLAUT"
    vector BCRYPT "$P_ASCII" "$php password_hash PASSWORD_BCRYPT default cost 10" \
      php_password_hash PASSWORD_BCRYPT '{}' "$P_ASCII"
    vector BCRYPT "$P_LONG" "$php password_hash PASSWORD_BCRYPT cost 5, 80-byte password (bcrypt reads 72)" \
      php_password_hash PASSWORD_BCRYPT '{"cost":5}' "$P_LONG"
    vector BCRYPT "$P_EMPTY" "$php password_hash PASSWORD_BCRYPT cost 4, empty password" \
      php_password_hash PASSWORD_BCRYPT '{"cost":4}' "$P_EMPTY"
    vector BCRYPT "$P_MIXED" "$pybcrypt hashpw gensalt(6)" \
      py 'import bcrypt; print(bcrypt.hashpw(pw.encode(), bcrypt.gensalt(6)).decode())' "$P_MIXED"
    vector BCRYPT "$P_SYMBOLS" "$pybcrypt hashpw gensalt(8)" \
      py 'import bcrypt; print(bcrypt.hashpw(pw.encode(), bcrypt.gensalt(8)).decode())' "$P_SYMBOLS"
    vector BCRYPT "$P_ASCII" "$pybcrypt hashpw gensalt(5, prefix=b'2a')" \
      py 'import bcrypt; print(bcrypt.hashpw(pw.encode(), bcrypt.gensalt(5, prefix=b"2a")).decode())' "$P_ASCII"
    vector BCRYPT "$P_UMLAUT" "node bcryptjs $BCRYPTJS_2 hashSync cost 6" \
      node_js 'return require("bcryptjs2").hashSync(pw, 6);' "$P_UMLAUT"
    vector BCRYPT "$P_MIXED" "node bcryptjs $BCRYPTJS_3 hashSync cost 7" \
      node_js 'return require("bcryptjs").hashSync(pw, 7);' "$P_MIXED"

    # --- Argon2id -----------------------------------------------------------------------------------------------
    vector ARGON2ID "$P_UMLAUT" "$php password_hash PASSWORD_ARGON2ID defaults" \
      php_password_hash PASSWORD_ARGON2ID '{}' "$P_UMLAUT"
    vector ARGON2ID "$P_SYMBOLS" "$php password_hash PASSWORD_ARGON2ID memory_cost 8192 time_cost 2 threads 2" \
      php_password_hash PASSWORD_ARGON2ID '{"memory_cost":8192,"time_cost":2,"threads":2}' "$P_SYMBOLS"
    vector ARGON2ID "$P_MIXED" "$argon2 PasswordHasher() defaults" \
      py 'import argon2; print(argon2.PasswordHasher().hash(pw))' "$P_MIXED"
    vector ARGON2ID "$P_ASCII" "$argon2 low_level.hash_secret m=4096 t=3 p=2 hash_len=32 v=19" \
      py 'from argon2.low_level import hash_secret, Type
print(hash_secret(pw.encode(), __import__("os").urandom(16), time_cost=3, memory_cost=4096, parallelism=2,
                  hash_len=32, type=Type.ID, version=19).decode())' "$P_ASCII"
    local v16
    v16="$(py 'from argon2.low_level import hash_secret, Type
print(hash_secret(pw.encode(), __import__("os").urandom(16), time_cost=2, memory_cost=2048, parallelism=2,
                  hash_len=24, type=Type.ID, version=16).decode())' "$P_UMLAUT")"
    vector ARGON2ID "$P_UMLAUT" "$argon2 low_level.hash_secret m=2048 t=2 p=2 hash_len=24 v=16" echo "$v16"
    vector ARGON2ID "$P_UMLAUT" "$argon2 v=16 hash above with the v= field removed (libargon2 reads no v as v=16; checked with verify_secret)" \
      py 'import sys
from argon2.low_level import verify_secret, Type
h = sys.argv[2].replace("$v=16$", "$", 1)
assert verify_secret(h.encode(), pw.encode(), Type.ID)
print(h)' "$P_UMLAUT" "$v16"

    # --- Argon2i ------------------------------------------------------------------------------------------------
    vector ARGON2I "$P_ASCII" "$php password_hash PASSWORD_ARGON2I defaults" \
      php_password_hash PASSWORD_ARGON2I '{}' "$P_ASCII"
    vector ARGON2I "$P_MIXED" "$php password_hash PASSWORD_ARGON2I memory_cost 4096 time_cost 3 threads 1" \
      php_password_hash PASSWORD_ARGON2I '{"memory_cost":4096,"time_cost":3,"threads":1}' "$P_MIXED"
    vector ARGON2I "$P_UMLAUT" "$argon2 PasswordHasher(type=I, t=2, m=1024, p=2)" \
      py 'import argon2; print(argon2.PasswordHasher(time_cost=2, memory_cost=1024, parallelism=2, type=argon2.Type.I).hash(pw))' "$P_UMLAUT"
    vector ARGON2I "$P_SYMBOLS" "$argon2 low_level.hash_secret type=I m=4096 t=3 p=1 hash_len=32 v=16" \
      py 'from argon2.low_level import hash_secret, Type
print(hash_secret(pw.encode(), __import__("os").urandom(16), time_cost=3, memory_cost=4096, parallelism=1,
                  hash_len=32, type=Type.I, version=16).decode())' "$P_SYMBOLS"

    # --- PBKDF2-SHA256 ------------------------------------------------------------------------------------------
    vector PBKDF2_SHA256 "$P_UMLAUT" "$passlib django_pbkdf2_sha256 default rounds" \
      py 'from passlib.hash import django_pbkdf2_sha256 as h; print(h.hash(pw))' "$P_UMLAUT"
    vector PBKDF2_SHA256 "$P_MIXED" "$passlib django_pbkdf2_sha256 rounds 1000" \
      py 'from passlib.hash import django_pbkdf2_sha256 as h; print(h.using(rounds=1000).hash(pw))' "$P_MIXED"
    vector PBKDF2_SHA256 "$P_ASCII" "$passlib pbkdf2_sha256 default rounds" \
      py 'from passlib.hash import pbkdf2_sha256 as h; print(h.hash(pw))' "$P_ASCII"
    vector PBKDF2_SHA256 "$P_SYMBOLS" "$passlib pbkdf2_sha256 rounds 1500 salt_size 8" \
      py 'from passlib.hash import pbkdf2_sha256 as h; print(h.using(rounds=1500, salt_size=8).hash(pw))' "$P_SYMBOLS"
    vector PBKDF2_SHA256 "$P_UMLAUT" "node @phc/pbkdf2 $PHC_PBKDF2 digest sha256 default iterations" \
      node_js 'return require("@phc/pbkdf2").hash(pw, {digest: "sha256"});' "$P_UMLAUT"
    vector PBKDF2_SHA256 "$P_MIXED" "node @phc/pbkdf2 $PHC_PBKDF2 digest sha256 iterations 1000 saltSize 32" \
      node_js 'return require("@phc/pbkdf2").hash(pw, {digest: "sha256", iterations: 1000, saltSize: 32});' "$P_MIXED"
    vector PBKDF2_SHA256 "$P_ASCII" "$hashlib in Werkzeug 3 layout pbkdf2:sha256:600000" \
      werkzeug_style sha256 600000 "$P_ASCII"
    vector PBKDF2_SHA256 "$P_UMLAUT" "$hashlib in Werkzeug layout pbkdf2:sha256:1000" \
      werkzeug_style sha256 1000 "$P_UMLAUT"

    # --- PBKDF2-SHA512 ------------------------------------------------------------------------------------------
    vector PBKDF2_SHA512 "$P_UMLAUT" "$passlib pbkdf2_sha512 default rounds" \
      py 'from passlib.hash import pbkdf2_sha512 as h; print(h.hash(pw))' "$P_UMLAUT"
    vector PBKDF2_SHA512 "$P_MIXED" "$passlib pbkdf2_sha512 rounds 1000" \
      py 'from passlib.hash import pbkdf2_sha512 as h; print(h.using(rounds=1000).hash(pw))' "$P_MIXED"
    vector PBKDF2_SHA512 "$P_ASCII" "node @phc/pbkdf2 $PHC_PBKDF2 defaults (sha512)" \
      node_js 'return require("@phc/pbkdf2").hash(pw);' "$P_ASCII"
    vector PBKDF2_SHA512 "$P_SYMBOLS" "$hashlib in Werkzeug layout pbkdf2:sha512:2000" \
      werkzeug_style sha512 2000 "$P_SYMBOLS"

    # --- PBKDF2-SHA1 --------------------------------------------------------------------------------------------
    vector PBKDF2_SHA1 "$P_ASCII" "$passlib pbkdf2_sha1 default rounds" \
      py 'from passlib.hash import pbkdf2_sha1 as h; print(h.hash(pw))' "$P_ASCII"
    vector PBKDF2_SHA1 "$P_UMLAUT" "$passlib pbkdf2_sha1 rounds 1000" \
      py 'from passlib.hash import pbkdf2_sha1 as h; print(h.using(rounds=1000).hash(pw))' "$P_UMLAUT"
    vector PBKDF2_SHA1 "$P_MIXED" "$passlib django_pbkdf2_sha1 rounds 1000" \
      py 'from passlib.hash import django_pbkdf2_sha1 as h; print(h.using(rounds=1000).hash(pw))' "$P_MIXED"
    vector PBKDF2_SHA1 "$P_UMLAUT" "node @phc/pbkdf2 $PHC_PBKDF2 digest sha1 iterations 1000" \
      node_js 'return require("@phc/pbkdf2").hash(pw, {digest: "sha1", iterations: 1000});' "$P_UMLAUT"
    vector PBKDF2_SHA1 "$P_ASCII" "$hashlib in Werkzeug layout pbkdf2:sha1:1000" \
      werkzeug_style sha1 1000 "$P_ASCII"

    # --- salted SHA-2 (legacy) ----------------------------------------------------------------------------------
    vector SALTED_SHA256 "$P_UMLAUT" "$passlib ldap_salted_sha256 default salt" \
      py 'from passlib.hash import ldap_salted_sha256 as h; print(h.hash(pw))' "$P_UMLAUT"
    vector SALTED_SHA256 "$P_MIXED" "$passlib ldap_salted_sha256 salt_size 16" \
      py 'from passlib.hash import ldap_salted_sha256 as h; print(h.using(salt_size=16).hash(pw))' "$P_MIXED"
    vector SALTED_SHA256 "$P_ASCII" "$php hash sha256 + random_bytes(4) in {SSHA256} layout" \
      php_ldap_ssha sha256 SSHA256 4 "$P_ASCII"
    vector SALTED_SHA512 "$P_UMLAUT" "$passlib ldap_salted_sha512 default salt" \
      py 'from passlib.hash import ldap_salted_sha512 as h; print(h.hash(pw))' "$P_UMLAUT"
    vector SALTED_SHA512 "$P_SYMBOLS" "$passlib ldap_salted_sha512 salt_size 4" \
      py 'from passlib.hash import ldap_salted_sha512 as h; print(h.using(salt_size=4).hash(pw))' "$P_SYMBOLS"
    vector SALTED_SHA512 "$P_MIXED" "$php hash sha512 + random_bytes(16) in {SSHA512} layout" \
      php_ldap_ssha sha512 SSHA512 16 "$P_MIXED"

    # --- SHA-crypt (legacy) -------------------------------------------------------------------------------------
    vector SHA256_CRYPT "$P_UMLAUT" "$php crypt \$5\$ default rounds" \
      php_crypt '$5$' "$P_UMLAUT"
    vector SHA256_CRYPT "$P_MIXED" "$passlib sha256_crypt builtin backend rounds 10000" \
      py 'from passlib.hash import sha256_crypt as h; h.set_backend("builtin"); print(h.using(rounds=10000).hash(pw))' "$P_MIXED"
    vector SHA256_CRYPT "$P_ASCII" "python $PY_V crypt (libxcrypt) METHOD_SHA256 rounds 20000" \
      py 'import crypt; print(crypt.crypt(pw, crypt.mksalt(crypt.METHOD_SHA256, rounds=20000)))' "$P_ASCII"
    vector SHA512_CRYPT "$P_SYMBOLS" "$php crypt \$6\$rounds=6000\$" \
      php_crypt '$6$rounds=6000$' "$P_SYMBOLS"
    vector SHA512_CRYPT "$P_UMLAUT" "$passlib sha512_crypt builtin backend rounds 5000 (implicit)" \
      py 'from passlib.hash import sha512_crypt as h; h.set_backend("builtin"); print(h.using(rounds=5000).hash(pw))' "$P_UMLAUT"
    vector SHA512_CRYPT "$P_MIXED" "python $PY_V crypt (libxcrypt) METHOD_SHA512 default rounds" \
      py 'import crypt; print(crypt.crypt(pw, crypt.mksalt(crypt.METHOD_SHA512)))' "$P_MIXED"
  } > "$VECTORS.tmp"
  mv "$VECTORS.tmp" "$VECTORS"
  echo "wrote $VECTORS" >&2
}

# ---------------------------------------------------------------------------------------------------------------
# writer-vectors.tsv
#
# What PasswordHasher must write, byte for byte, given the same password, salt and cost parameters. Salts are fixed
# (the first 16 bytes of SHA-256 over "identity-bridge writer vector <n>"), so every run writes the same file.
# Columns: algorithm (HashAlgorithm config value), parameters ("default" = HashingPolicy.defaults, else m/t/p, cost
# or rounds), salt (hex), password, hash, producer.

generate_writer_vectors() {
  "$PY" -W ignore - "$P_ASCII" "$P_UMLAUT" "$P_MIXED" "$P_SYMBOLS" "$P_LONG" > "$WRITER_VECTORS.tmp" <<'PY'
import base64, hashlib, importlib.metadata as meta, platform, sys
import bcrypt
from argon2.low_level import Type, hash_secret
from passlib.hash import pbkdf2_sha256, pbkdf2_sha512

ascii_, umlaut, mixed, symbols, long_ = sys.argv[1:6]
straddle = "x" * 71 + "ä"  # 73 UTF-8 bytes: bcrypt's 72-byte cut falls inside the "ä"
python = f"python {platform.python_version()}"
argon2_v = f"{python} argon2-cffi {meta.version('argon2-cffi')}"
bcrypt_v = f"{python} bcrypt {meta.version('bcrypt')}"
passlib_v = f"{python} passlib {meta.version('passlib')}"
rows = []

def salt(n):
    return hashlib.sha256(f"identity-bridge writer vector {n}".encode()).digest()[:16]

def row(algorithm, params, s, pw, h, producer):
    assert "\t" not in pw and "\n" not in pw
    rows.append("\t".join((algorithm, params, s.hex(), pw, h, producer)))

def argon2id(params, m, t, p, pw):
    s = salt(len(rows))
    h = hash_secret(pw.encode(), s, time_cost=t, memory_cost=m, parallelism=p, hash_len=32, type=Type.ID).decode()
    row("argon2id", params, s, pw, h, f"{argon2_v} low_level.hash_secret type=ID m={m} t={t} p={p} hash_len=32")

BCRYPT64 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                           b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

def bcrypt_(params, cost, pw):
    s = salt(len(rows))
    salt22 = base64.b64encode(s)[:22].translate(BCRYPT64)
    setting = b"$2b$%02d$" % cost + salt22
    h = bcrypt.hashpw(pw.encode(), setting).decode()
    assert h.startswith(setting.decode()), "bcrypt changed the salt"
    row("bcrypt", params, s, pw, h, f"{bcrypt_v} hashpw(pw, b'$2b${cost:02d}$' + salt22)")

def pbkdf2(algorithm, handler, params, rounds, pw):
    s = salt(len(rows))
    h = handler.using(salt=s, rounds=rounds).hash(pw)
    row(algorithm, params, s, pw, h, f"{passlib_v} {handler.name}.using(salt=..., rounds={rounds})")

argon2id("default", 19456, 2, 1, ascii_)
argon2id("m=1024,t=1,p=1", 1024, 1, 1, umlaut)
argon2id("m=4096,t=3,p=2", 4096, 3, 2, mixed)
argon2id("m=2048,t=2,p=4", 2048, 2, 4, "")
bcrypt_("default", 12, umlaut)
bcrypt_("cost=4", 4, ascii_)
bcrypt_("cost=5", 5, mixed)
bcrypt_("cost=4", 4, symbols)
bcrypt_("cost=4", 4, "")
bcrypt_("cost=4", 4, long_)      # 80 bytes: bcrypt 3.x hashes the first 72
bcrypt_("cost=4", 4, straddle)   # 73 bytes, cut inside a character
pbkdf2("pbkdf2-sha256", pbkdf2_sha256, "default", 600000, ascii_)
pbkdf2("pbkdf2-sha256", pbkdf2_sha256, "rounds=1000", 1000, umlaut)
pbkdf2("pbkdf2-sha256", pbkdf2_sha256, "rounds=2000", 2000, mixed)
pbkdf2("pbkdf2-sha256", pbkdf2_sha256, "rounds=1000", 1000, "")
pbkdf2("pbkdf2-sha512", pbkdf2_sha512, "default", 210000, mixed)
pbkdf2("pbkdf2-sha512", pbkdf2_sha512, "rounds=1000", 1000, ascii_)
pbkdf2("pbkdf2-sha512", pbkdf2_sha512, "rounds=5000", 5000, symbols)
pbkdf2("pbkdf2-sha512", pbkdf2_sha512, "rounds=1000", 1000, "")

print("# Hashes PasswordHasher must reproduce exactly (fixed salts), produced by implementations other than ours.")
print("# Generated by generate.sh writer-vectors in this folder; do not edit by hand (see README.md).")
print("algorithm\tparameters\tsalt\tpassword\thash\tproducer")
print("\n".join(rows))
PY
  mv "$WRITER_VECTORS.tmp" "$WRITER_VECTORS"
  echo "wrote $WRITER_VECTORS" >&2
}

# ---------------------------------------------------------------------------------------------------------------
# demo-users.csv

generate_demo_users() {
  ensure_node_modules
  local pw='Demo-Passw0rd!' id='6f1c2a4e-0001-4000-8000-00000000000'
  local alice bob carol dave erin frank grace heidi mallory
  alice="$(php_password_hash PASSWORD_BCRYPT '{"cost":10}' "$pw")"
  bob="$(py 'import bcrypt; print(bcrypt.hashpw(pw.encode(), bcrypt.gensalt(10)).decode())' "$pw")"
  carol="$(py 'import argon2; print(argon2.PasswordHasher().hash(pw))' "$pw")"
  dave="$(php_password_hash PASSWORD_ARGON2I '{}' "$pw")"
  erin="$(py 'from passlib.hash import django_pbkdf2_sha256 as h; print(h.hash(pw))' "$pw")"
  frank="$(py 'from passlib.hash import pbkdf2_sha512 as h; print(h.hash(pw))' "$pw")"
  grace="$(py 'from passlib.hash import ldap_salted_sha256 as h; print(h.hash(pw))' "$pw")"
  heidi="$(node_js 'return require("bcryptjs2").hashSync(pw, 10);' "$pw")"
  mallory="$(py 'import bcrypt; print(bcrypt.hashpw(pw.encode(), bcrypt.gensalt()).decode())' "$pw")"
  for h in "$alice" "$bob" "$carol" "$dave" "$erin" "$frank" "$grace" "$heidi" "$mallory"; do
    [[ -n "$h" && "$h" != *'"'* && "$h" != *$'\n'* ]] || die "unusable demo hash"
  done
  # password_hash is always quoted: Argon2 hashes contain commas (m=..,t=..,p=..)
  mkdir -p "$(dirname "$DEMO_USERS")"
  {
    echo 'id,username,email,email_verified,first_name,last_name,enabled,password_hash'
    echo "${id}1,alice,alice@example.com,true,Alice,Anderson,true,\"$alice\""
    echo "${id}2,bob,bob@example.com,true,Bob,Brown,true,\"$bob\""
    echo "${id}3,carol,carol@example.com,true,Carol,Clark,true,\"$carol\""
    echo "${id}4,dave,dave@example.com,true,Dave,Davis,true,\"$dave\""
    echo "${id}5,erin,erin@example.com,true,Erin,Evans,true,\"$erin\""
    echo "${id}6,frank,frank@example.com,false,Frank,Fischer,true,\"$frank\""
    echo "${id}7,grace,grace@example.com,true,Grace,Green,true,\"$grace\""
    echo "${id}8,heidi,heidi@example.com,true,Heidi,Hill,true,\"$heidi\""
    echo "${id}9,mallory,mallory@example.com,true,Mallory,Moss,false,\"$mallory\""
  } > "$DEMO_USERS.tmp"
  mv "$DEMO_USERS.tmp" "$DEMO_USERS"
  echo "wrote $DEMO_USERS" >&2
}

case "${1:-all}" in
  vectors) generate_vectors ;;
  writer-vectors) generate_writer_vectors ;;
  demo-users) generate_demo_users ;;
  all) generate_vectors; generate_writer_vectors; generate_demo_users ;;
  *) die "usage: generate.sh [vectors|writer-vectors|demo-users|all]" ;;
esac
