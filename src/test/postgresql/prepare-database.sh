#!/usr/bin/env bash
# Run by `mvn verify` before the integration tests: makes sure a PostgreSQL server answers on
# 127.0.0.1:5432 (starting it, or installing it from the distribution's packages when running as root on
# Debian), then creates fresh databases and a role for this run's PostgreSQL tests: DB (the first argument,
# inbox_it_<start time of the build> from pom.xml) for the Arquillian suite, DB_upgrade for the upgrade-and-import
# test (LegacyImportIT), DB_cluster for the three-instance cluster test (ClusterIT). Every run has its own
# names, so two runs on one server never drop each other's databases; databases of runs that started more than
# six hours ago are dropped. Never skips: if PostgreSQL cannot be had, the build fails here.
set -euo pipefail
role="inbox_it"
db="${1:-inbox_it}"
[[ "$db" =~ ^[a-z0-9_]+$ ]] || { echo "bad database name: $db" >&2; exit 1; }

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

# Databases left by earlier runs: inbox_it_YYYYMMDD_HHMMSS_mmm[_upgrade|_cluster], dropped once six hours old
# (an older run still going would be one of many hours), and the fixed names of earlier versions.
cutoff=$(date -u -d '6 hours ago' +%Y%m%d%H%M%S)
as_postgres psql -At -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'inbox\_it%'" |
while read -r old; do
  stamp=$(sed -nE 's/^inbox_it_([0-9]{8})_([0-9]{6})_[0-9]{3}(_upgrade|_cluster)?$/\1\2/p' <<<"$old")
  case "$old" in inbox_it|inbox_it_upgrade|inbox_it_cluster) stamp=0 ;; esac
  if [ -n "$stamp" ] && [ "$stamp" -lt "$cutoff" ]; then
    as_postgres psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$old\"" || echo "kept $old (in use)" >&2
  fi
done

as_postgres psql -v ON_ERROR_STOP=1 -q -d postgres <<SQL
DROP DATABASE IF EXISTS ${db};
DROP DATABASE IF EXISTS ${db}_upgrade;
DROP DATABASE IF EXISTS ${db}_cluster;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN PASSWORD '$role';
  END IF;
END \$\$;
CREATE DATABASE ${db} OWNER $role;
CREATE DATABASE ${db}_upgrade OWNER $role;
CREATE DATABASE ${db}_cluster OWNER $role;
SQL
echo "PostgreSQL databases ${db}, ${db}_upgrade and ${db}_cluster ready on 127.0.0.1:5432" >&2
