#!/bin/sh
# Regenerates resources/rpmdb/mariner-bdb{,-be}/Packages: the 129 real headers of the CBL-Mariner sqlite
# database (../shared/fixtures/rpmdb/cbl-mariner-2.0, beside the repository) written into a
# Berkeley DB hash file the way rpm's
# bdb backend stores them (key: header number as a native little-endian uint32, value: the header
# blob; key 0 holds the next free header number). Debian's rpm cannot write Berkeley DB, so the file
# is made with db_load (Debian package db5.3-util) and then read back by the real rpm through its
# read-only bdb backend to produce expected.tsv (its warnings about missing index files are
# expected: only Packages is read). A 64 KiB page size mixes headers stored inline on
# hash pages with headers on overflow page chains, so both paths of the reader are exercised.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../../../../../shared/fixtures/rpmdb/cbl-mariner-2.0/rpmdb.sqlite"
out="$here/../../resources/rpmdb"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make NAME PAGESIZE BYTEORDER(1234|4321) MAXPACKAGES
make() {
  python3 - "$src" "$2" "$3" "$4" > "$work/$1.dump" <<'PY'
import sqlite3, struct, sys
src, pagesize, lorder, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
key = "<I" if lorder == "1234" else ">I"  # rpm writes header numbers in the host's byte order
db = sqlite3.connect("file:" + src + "?mode=ro&immutable=1", uri=True)
rows = db.execute("SELECT hnum, blob FROM Packages ORDER BY hnum LIMIT ?", (limit,)).fetchall()
print("VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=" + pagesize)
print("db_lorder=" + lorder + "\nHEADER=END")
last = 0
for hnum, blob in rows:
    print(" " + struct.pack(key, hnum).hex())
    print(" " + bytes(blob).hex())
    last = max(last, hnum)
print(" " + struct.pack(key, 0).hex())
print(" " + struct.pack(key, last + 1).hex())
print("DATA=END")
PY
  mkdir -p "$out/$1" "$work/$1"
  db5.3_load -f "$work/$1.dump" "$work/$1/Packages"
  cp "$work/$1/Packages" "$out/$1/Packages"
  rpm --define '_db_backend bdb_ro' --dbpath "$work/$1" -qa \
    --qf '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n' \
    2>/dev/null | sort > "$out/$1/expected.tsv"
}

make mariner-bdb 65536 1234 1000
# A big-endian file, as an s390x or ppc64 host writes it: every page field and key swapped.
make mariner-bdb-be 4096 4321 12
