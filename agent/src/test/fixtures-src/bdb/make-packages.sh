#!/bin/sh
# Regenerates resources/rpmdb/mariner-bdb/Packages: the 129 real headers of the CBL-Mariner sqlite
# database (resources/rpmdb/cbl-mariner-2.0) written into a Berkeley DB hash file the way rpm's
# bdb backend stores them (key: header number as a native little-endian uint32, value: the header
# blob; key 0 holds the next free header number). Debian's rpm cannot write Berkeley DB, so the file
# is made with db_load (Debian package db5.3-util) and then read back by the real rpm through its
# read-only bdb backend to produce expected.tsv (its warnings about missing index files are
# expected: only Packages is read). A 64 KiB page size mixes headers stored inline on
# hash pages with headers on overflow page chains, so both paths of the reader are exercised.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../resources/rpmdb/cbl-mariner-2.0/rpmdb.sqlite"
out="$here/../../resources/rpmdb/mariner-bdb"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$src" > "$work/dump" <<'PY'
import sqlite3, struct, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro&immutable=1", uri=True)
rows = db.execute("SELECT hnum, blob FROM Packages ORDER BY hnum").fetchall()
print("VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=65536\nHEADER=END")
last = 0
for hnum, blob in rows:
    print(" " + struct.pack("<I", hnum).hex())
    print(" " + bytes(blob).hex())
    last = max(last, hnum)
print(" " + struct.pack("<I", 0).hex())
print(" " + struct.pack("<I", last + 1).hex())
print("DATA=END")
PY

mkdir -p "$out" "$work/db"
db5.3_load -f "$work/dump" "$work/db/Packages"
cp "$work/db/Packages" "$out/Packages"
rpm --define '_db_backend bdb_ro' --dbpath "$work/db" -qa \
  --qf '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n' \
  2>/dev/null | sort > "$out/expected.tsv"
