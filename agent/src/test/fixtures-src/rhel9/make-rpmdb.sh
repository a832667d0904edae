#!/bin/sh
# Regenerates the rpm database of the RHEL-9-like fixture host hosts/rhel9/ with the real rpm tool
# (Debian's rpm 4.18 package; gpg for two signing keys): builds a few tiny packages with rpmbuild, installs them with
# --justdb into a private root, and writes what `rpm -qa` prints (packages, and files with their
# owners) to resources/rpmdb/rhel9/ as the expected result.
# Run from anywhere: agent/src/test/fixtures-src/rhel9/make-rpmdb.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
host="$here/../../resources/hosts/rhel9"
expected="$here/../../resources/rpmdb/rhel9"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name|epoch|version|release|arch|file
cat > "$work/packages" <<'LIST'
reunir-daemon|2|1.0~rc1|3.el9|x86_64|/usr/sbin/reunird
reunir-libs|0|2.4^git20240101.abc|1.el9_2|x86_64|/usr/lib64/libreunir.so.1
reunir-tools||010.2a|1.el9|x86_64|/usr/bin/reunir-tool
reunir-doc||1.0|0.1.rc2.el9|noarch|/usr/share/doc/reunir/README
openssl-libs|1|3.0.7|27.el9|x86_64|/usr/lib64/libssl.so.3
LIST

while IFS='|' read -r name epoch version release arch file; do
  spec="$work/$name.spec"
  {
    echo "Name: $name"
    [ -n "$epoch" ] && echo "Epoch: $epoch"
    echo "Version: $version"
    echo "Release: $release"
    echo "Summary: Reunir test fixture package"
    echo "License: MIT"
    echo "BuildArch: $arch"
    echo "%description"
    echo "A tiny package for the rpm database fixture."
    echo "%install"
    echo "mkdir -p %{buildroot}$(dirname "$file")"
    echo "echo $name > %{buildroot}$file"
    echo "%files"
    echo "$file"
  } > "$spec"
  rpmbuild --quiet --define "_topdir $work/build" --define '_build_id_links none' \
    --define '__os_install_post %{nil}' -bb "$spec"
done < "$work/packages"

mkdir -p "$work/root"
rpm --root "$work/root" --dbpath /usr/lib/sysimage/rpm --initdb
rpm --root "$work/root" --dbpath /usr/lib/sysimage/rpm --justdb --nodeps --noscripts \
  --ignorearch --ignoreos -i "$work"/build/RPMS/*/*.rpm

# Two imported signing keys: rpm keeps them as gpg-pubkey pseudo-packages and rpm -qa lists them
# (no arch, no source rpm), so the agent must too.
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
for who in release beta; do
  gpg --batch --quiet --passphrase '' --quick-gen-key "Reunir $who <$who@reunir.invalid>" \
    rsa2048 sign 2035-01-01
  gpg --batch --armor --export "$who@reunir.invalid" > "$work/$who.asc"
  rpm --root "$work/root" --dbpath /usr/lib/sysimage/rpm --import "$work/$who.asc"
done

mkdir -p "$host/usr/lib/sysimage/rpm" "$expected"
cp "$work/root/usr/lib/sysimage/rpm/rpmdb.sqlite" "$host/usr/lib/sysimage/rpm/rpmdb.sqlite"
rpm --root "$work/root" --dbpath /usr/lib/sysimage/rpm -qa \
  --qf '%{NAME}\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n' \
  | sort > "$expected/expected.tsv"
rpm --root "$work/root" --dbpath /usr/lib/sysimage/rpm -qa --qf '[%{FILENAMES}\t%{NAME}\n]' \
  | grep -v '^(none)' | sort > "$expected/expected-files.tsv"
