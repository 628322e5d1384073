#!/usr/bin/env bash
# Makes a certificate authority and a server certificate signed by it, for PostgreSQL's TLS
# (replication and clients) and for the TLS endpoint in front of an S3-compatible store.
#
#   make-certs.sh <dir> [host-or-ip ...]
#
# Writes <dir>/ca.crt, <dir>/ca.key, <dir>/server.crt, <dir>/server.key. The server certificate
# names localhost and 127.0.0.1 plus every host or IP address given, so clients can verify it
# with sslmode=verify-full. An existing CA in <dir> is reused (certificates signed by it stay valid).
set -euo pipefail

dir=${1:?usage: make-certs.sh <dir> [host-or-ip ...]}
shift
mkdir -p "$dir"
days=${CERT_DAYS:-825}

san="DNS:localhost,IP:127.0.0.1"
for name in "$@"; do
  if [[ $name =~ ^[0-9.]+$ || $name == *:* ]]; then san+=",IP:$name"; else san+=",DNS:$name"; fi
done

if [ ! -f "$dir/ca.key" ]; then
  openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 3650 \
    -subj "/CN=Lectern database CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
fi

openssl req -new -nodes -newkey rsa:2048 -sha256 -subj "/CN=${1:-localhost}" \
  -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
  -days "$days" -sha256 -out "$dir/server.crt" \
  -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$san") 2>/dev/null
rm -f "$dir/server.csr" "$dir/ca.srl"
# PostgreSQL refuses a private key that others can read.
chmod 600 "$dir/ca.key" "$dir/server.key"
echo "certificates in $dir (server names: $san)"
