#!/usr/bin/env bash
# Run by `mvn verify` before the integration tests: makes sure a PostgreSQL server answers on
# 127.0.0.1:5432 (starting it, or installing it from the distribution's packages when running as root on
# Debian), then creates fresh databases and a role for the PostgreSQL integration runs: inbox_it for the
# Arquillian suite, inbox_it_upgrade for the upgrade-and-import test (LegacyImportIT), inbox_it_cluster for the
# three-instance cluster test (ClusterIT). Never skips: if
# PostgreSQL cannot be had, the build fails here.
set -euo pipefail
role="inbox_it"

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "PostgreSQL is not installed: installing it" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p 5432 -q && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL did not start" >&2; exit 1; }
fi

as_postgres psql -v ON_ERROR_STOP=1 -q -d postgres <<SQL
DROP DATABASE IF EXISTS inbox_it;
DROP DATABASE IF EXISTS inbox_it_upgrade;
DROP DATABASE IF EXISTS inbox_it_cluster;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN PASSWORD '$role';
  END IF;
END \$\$;
CREATE DATABASE inbox_it OWNER $role;
CREATE DATABASE inbox_it_upgrade OWNER $role;
CREATE DATABASE inbox_it_cluster OWNER $role;
SQL
echo "PostgreSQL databases inbox_it, inbox_it_upgrade and inbox_it_cluster ready on 127.0.0.1:5432" >&2
