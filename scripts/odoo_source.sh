#!/usr/bin/env bash
# Usage: odoo_source.sh ODOO_SRC WORKDIR
# Print the path of an Odoo 18.0 source tree made from ODOO_SRC: a folder (used
# as it is), a .tar.gz/.tar.xz archive, or an https URL of one. Archives are
# unpacked under WORKDIR/src; a download or unpack that fails leaves nothing.
set -euo pipefail
src=$1 work=$2
say() { echo "setup: $*" >&2; }
fail() { echo "setup: FAILED: $*" >&2; exit 1; }
is_odoo() { [ -f "$1/odoo/release.py" ] && [ -f "$1/requirements.txt" ]; }

if [ -d "$src" ]; then
    is_odoo "$src" || fail "ODOO_SRC=$src is a folder without Odoo's source (odoo/release.py)"
    say "Odoo source: folder $src"
    (cd "$src" && pwd)
    exit 0
fi
mkdir -p "$work"
if is_odoo "$work/src" && [ -e "$work/src.origin" ] && [ "$(cat "$work/src.origin")" = "$src" ]; then
    say "Odoo source: unpacked in $work/src"
    (cd "$work/src" && pwd)
    exit 0
fi
rm -rf "$work/src" "$work/src.tmp" "$work/src.origin" "$work/download.part"
archive=$src
case "$src" in
    https://*|http://*)
        say "Odoo source: downloading $src"
        if ! curl -fsSL --retry 2 --connect-timeout 30 -o "$work/download.part" "$src"; then
            rm -f "$work/download.part"
            fail "download of $src failed or was cut off; nothing was installed. Check the network, or set ODOO_SRC to a local archive or folder."
        fi
        archive=$work/download.part ;;
    *)
        [ -f "$src" ] || fail "ODOO_SRC=$src is neither a folder, an archive nor an https URL" ;;
esac
say "Odoo source: unpacking into $work/src"
mkdir -p "$work/src.tmp"
if ! tar -xf "$archive" -C "$work/src.tmp"; then
    rm -rf "$work/src.tmp" "$work/download.part"
    fail "$src is not a complete .tar.gz/.tar.xz archive; nothing was installed"
fi
rm -f "$work/download.part"
top=$(find "$work/src.tmp" -maxdepth 3 -path '*/odoo/release.py' -printf '%h\n' | sort | head -n 1)
top=${top%/odoo}
if [ -z "$top" ] || ! is_odoo "$top"; then
    rm -rf "$work/src.tmp"
    fail "$src holds no Odoo source tree (odoo/release.py)"
fi
grep -q "^version_info = (18, 0" "$top/odoo/release.py" \
    || { rm -rf "$work/src.tmp"; fail "$src is not Odoo 18.0"; }
mv "$top" "$work/src"
rm -rf "$work/src.tmp"
echo "$src" > "$work/src.origin"
(cd "$work/src" && pwd)
