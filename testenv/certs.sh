#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shellcheck source-path=SCRIPTDIR
# Makes the test PKI under $STATE/tls (idempotent; files that exist are kept):
#   ca.crt/ca.key          test CA
#   server.crt/server.key  TLS server cert for localhost and 127.0.0.1 (SAN, EKU serverAuth), signed by the CA
#   token.crt/token.key    RSA key + self-signed cert the token server signs JWTs with (the registry trusts token.crt)
# Usage: testenv/certs.sh [--force]   (--force regenerates everything)
set -euo pipefail
source "$(dirname "$0")/env.sh"

[[ ${1:-} == --force ]] && rm -rf "$TLS_DIR"
mkdir -p "$TLS_DIR"
chmod 700 "$TLS_DIR"
cd "$TLS_DIR"

if [[ ! -s ca.crt || ! -s ca.key ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -keyout ca.key -out ca.crt \
    -subj '/CN=berth test CA' \
    -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
  rm -f server.crt   # a new CA invalidates the old server cert
  say "certs: made test CA"
fi

if [[ ! -s server.crt || ! -s server.key ]]; then
  openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=localhost' 2>/dev/null
  printf '%s\n' 'subjectAltName=DNS:localhost,IP:127.0.0.1' 'extendedKeyUsage=serverAuth' \
    'keyUsage=critical,digitalSignature,keyEncipherment' 'basicConstraints=CA:FALSE' >server.ext
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 \
    -extfile server.ext -out server.crt 2>/dev/null
  rm -f server.csr server.ext
  say "certs: made server cert (localhost, 127.0.0.1)"
fi

if [[ ! -s token.crt || ! -s token.key ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -keyout token.key -out token.crt \
    -subj '/CN=berth test token signer' 2>/dev/null
  say "certs: made token-signing key and cert"
fi

chmod 600 ./*.key
openssl verify -CAfile ca.crt server.crt >/dev/null || die "server.crt does not verify against ca.crt"
say "certs: ok ($TLS_DIR)"
