#!/usr/bin/env bash
# `make check-setup`: ODOO_SRC as a URL, against local HTTP servers on
# 127.0.0.1 that serve Odoo's source archive. scripts/odoo_source.sh must
#   (a) download and unpack a full archive, and reuse it on a second run;
#   (b) stop on a 404 with a clear message and leave nothing behind;
#   (c) stop on an archive served truncated, leaving nothing behind;
#   (d) stop on a download cut off before its announced length, likewise.
# The archive is ODOO_SRC when that is a file, else ../shared/odoo/'s copy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
archive=${ODOO_SRC:-../shared/odoo/odoo-18.0-src.tar.xz}
[ -f "$archive" ] || {
    echo "check-setup: FAILED: no archive to serve: set ODOO_SRC to an Odoo 18.0 .tar.gz/.tar.xz file" >&2
    exit 1
}
archive=$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")
ext=${archive##*.tar.}

tmp=$(mktemp -d /tmp/check-setup.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/www"
ln -s "$archive" "$tmp/www/odoo.tar.$ext"
size=$(stat -L -c %s "$archive")
head -c $((size / 2)) "$archive" > "$tmp/www/truncated.tar.$ext"

# serve NAME COMMAND...: start a server that prints "... port N" first; sets $port
serve() {
    local log=$tmp/$1.log
    shift
    "$@" > "$log" 2>&1 &
    pids+=($!)
    port=
    for _ in $(seq 1 50); do
        port=$(grep -o 'port [0-9]*' "$log" | head -n 1 | cut -d' ' -f2) || true
        [ -n "$port" ] && return
        sleep 0.1
    done
    echo "check-setup: FAILED: a local HTTP server did not start ($log)" >&2
    cat "$log" >&2
    exit 1
}
serve http-server python3 -u -m http.server --bind 127.0.0.1 --directory "$tmp/www" 0
http_port=$port
# a server that announces the whole archive, sends half of it and hangs up
cat > "$tmp/cut_server.py" <<'EOF'
import http.server
import os
import sys

path = sys.argv[1]


class Cut(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        size = os.path.getsize(path)
        self.send_response(200)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        with open(path, "rb") as f:
            self.wfile.write(f.read(size // 2))
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Cut)
print(f"serving on 127.0.0.1 port {server.server_port}", flush=True)
server.serve_forever()
EOF
serve cut-server python3 -u "$tmp/cut_server.py" "$archive"
cut_port=$port

failures=0
ok() { echo "check-setup: ok: $*"; }
bad() { echo "check-setup: FAILED: $*" >&2; failures=$((failures + 1)); }
# leftovers WORK: anything odoo_source.sh left in WORK (should be nothing)
leftovers() { (cd "$1" 2>/dev/null && find . -mindepth 1 -maxdepth 1 | sort | tr '\n' ' ') || true; }

# expect_failure NAME URL WORDS: the run fails, says WORDS, and leaves WORK empty
expect_failure() {
    local name=$1 url=$2 words=$3 work=$tmp/work-$1 start=$SECONDS
    if "$root/scripts/odoo_source.sh" "$url" "$work" > "$tmp/$name.out" 2> "$tmp/$name.err"; then
        bad "($name) $url succeeded"
        return
    fi
    local left
    left=$(leftovers "$work")
    if ! grep -q "$words" "$tmp/$name.err"; then
        bad "($name) no clear message; it said: $(tr '\n' ' ' < "$tmp/$name.err")"
    elif [ -n "$left" ]; then
        bad "($name) failed but left: $left"
    else
        ok "($name) failed in $((SECONDS - start)) s, left nothing, said: $(grep FAILED "$tmp/$name.err")"
    fi
}

# (a) full download
url=http://127.0.0.1:$http_port/odoo.tar.$ext
work=$tmp/work-full
start=$SECONDS
if src=$("$root/scripts/odoo_source.sh" "$url" "$work" 2> "$tmp/full.err") \
    && [ -f "$src/odoo/release.py" ] && grep -q "^version_info = (18, 0" "$src/odoo/release.py"; then
    left=$(leftovers "$work")
    if [ "$left" = "./src ./src.origin " ]; then
        ok "(a) $url: downloaded and unpacked in $((SECONDS - start)) s into $src"
    else
        bad "(a) unexpected files left in $work: $left"
    fi
    start=$SECONDS
    if "$root/scripts/odoo_source.sh" "$url" "$work" 2>&1 >/dev/null | grep -q "unpacked in"; then
        ok "(a) second run reuses the unpacked source ($((SECONDS - start)) s)"
    else
        bad "(a) second run did not reuse $work/src"
    fi
else
    bad "(a) $url: $(tr '\n' ' ' < "$tmp/full.err")"
fi
rm -rf "$work"

# (b) 404, (c) archive truncated, (d) connection cut mid-download
expect_failure b "http://127.0.0.1:$http_port/missing.tar.$ext" "download of .* failed"
expect_failure c "http://127.0.0.1:$http_port/truncated.tar.$ext" "not a complete"
expect_failure d "http://127.0.0.1:$cut_port/odoo.tar.$ext" "download of .* failed or was cut off"

if [ "$failures" -gt 0 ]; then
    echo "check-setup: $failures check(s) failed" >&2
    exit 1
fi
echo "check-setup: all URL checks passed"
