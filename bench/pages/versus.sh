#!/usr/bin/env bash
# This version against an earlier one, side by side on this machine: the
# cache miss (in process, p50/p95) and cached pages under load (oha, 64
# connections), each version in turn, several rounds, so both see the same
# noise. Prints one line per round and version, then the medians' ratio.
#
#   OLD_REV=9045cfb ROUNDS=5 ARTICLES=20000 bash bench/pages/versus.sh
#
# The old version is built from a git worktree into its own target folder;
# each version generates its own data folder with its own generator.
set -euo pipefail

OLD_REV=${OLD_REV:-9045cfb}
ROUNDS=${ROUNDS:-5}
ARTICLES=${ARTICLES:-20000}
DURATION=${DURATION:-5s}
BENCH_DIR=${BENCH_DIR:-/tmp/portal-versus}
PORT=${PORT:-8191}
cd "$(dirname "$0")/../.."
root=$(pwd)

command -v oha >/dev/null || cargo install oha --locked
old_src="$BENCH_DIR/src-$OLD_REV"
old_target="$BENCH_DIR/target-old"
[ -d "$old_src" ] || git worktree add --detach "$old_src" "$OLD_REV"
(cd "$old_src" && CARGO_TARGET_DIR="$old_target" cargo build --release -p portal-cli -p portal-bench-pages)
cargo build --release -p portal-cli -p portal-bench-pages

declare -A bin=([old]="$old_target/release" [new]="$root/target/release")
for version in old new; do
  data="$BENCH_DIR/data-$version-$ARTICLES"
  if [ ! -f "$data/portal.db" ]; then
    echo "== $version: generating $ARTICLES articles"
    "${bin[$version]}/portal-bench-pages" generate --data-dir "$data" --articles "$ARTICLES"
    "${bin[$version]}/portal" reindex --data-dir "$data"
  fi
done

rps() { # url, gzip
  oha --no-tui -z "$DURATION" -c 64 -H accept-encoding:gzip "$1" 2>&1 | awk '/Requests\/sec:/ { printf "%.0f", $2 }'
}

echo "| round | version | miss p50 | miss p95 | article req/s | home req/s |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in $(seq "$ROUNDS"); do
  for version in old new; do
    data="$BENCH_DIR/data-$version-$ARTICLES"
    miss=$("${bin[$version]}/portal-bench-pages" miss --data-dir "$data" --count 1000 2>&1)
    p50=$(grep -o 'p50[^,;]*' <<<"$miss" | head -1 | grep -o '[0-9.]* *ms' | head -1)
    p95=$(grep -o 'p95[^,;]*' <<<"$miss" | head -1 | grep -o '[0-9.]* *ms' | head -1)
    "${bin[$version]}/portal" serve --data-dir "$data" --listen "127.0.0.1:$PORT" >"$BENCH_DIR/$version.log" 2>&1 &
    pid=$!
    until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.02; done
    base="http://127.0.0.1:$PORT"
    category=$(curl -sf "$base/" | grep -o 'href="/[a-z0-9-]*"' | grep -v '"/"' | head -1 | cut -d'"' -f2)
    article=$(curl -sf "$base$category" | grep -o "href=\"$category/[a-z0-9-]*-[0-9]*\"" | head -1 | cut -d'"' -f2)
    curl -sf -H accept-encoding:gzip "$base$article" -o /dev/null
    curl -sf -H accept-encoding:gzip "$base/" -o /dev/null
    a=$(rps "$base$article")
    h=$(rps "$base/")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "| $round | $version | $p50 | $p95 | $a | $h |"
  done
done
