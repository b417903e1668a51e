#!/usr/bin/env bash
# The portal against nginx serving the same page as a static file, on this
# machine, in one run. Prints a table of throughput and p99 with the ratio
# to nginx, then the portal's own figures (cache miss, fixed rate, memory,
# start-up, publish to visible).
#
#   bash bench/pages/run.sh                 # 100,000 articles, 10 s a run
#   ARTICLES=20000 DURATION=5s bash bench/pages/run.sh
#   SOAK=10m bash bench/pages/run.sh        # adds the long fixed-rate run
#   SITES=120 ARTICLES=1000000 bash bench/pages/run.sh
#                                           # a province and 119 sub-portals;
#                                           # pages of the sub-portal $SITE
#
# Needs nginx (Debian's package) and oha (cargo install oha --locked);
# installs them when missing. Data is generated once into $BENCH_DIR.
set -euo pipefail

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-10s}
BENCH_DIR=${BENCH_DIR:-/tmp/portal-bench-pages}
PORTAL_PORT=${PORTAL_PORT:-8181}
NGINX_PORT=${NGINX_PORT:-8182}
RATE=${RATE:-5000}
SOAK=${SOAK:-}
SITES=${SITES:-1}
SITE=${SITE:-xa-002}
prefix=""
search_scope=""
if [ "$SITES" -gt 1 ]; then
  prefix="/$SITE"
  search_scope="&cong=tat-ca"
fi
cd "$(dirname "$0")/../.."

command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
command -v oha >/dev/null || cargo install oha --locked
cargo build --release -p portal-cli -p portal-bench-pages
portal=target/release/portal
data="$BENCH_DIR/data-$ARTICLES-$SITES"

if [ ! -f "$data/portal.db" ]; then
  echo "== generating $ARTICLES articles into $data"
  target/release/portal-bench-pages generate --data-dir "$data" --articles "$ARTICLES" --sites "$SITES"
  "$portal" reindex --data-dir "$data"
fi

echo "== cache miss, in process"
if [ "$SITES" -gt 1 ]; then
  miss=$(target/release/portal-bench-pages miss --data-dir "$data" --count 2000 --site "$SITE")
else
  miss=$(target/release/portal-bench-pages miss --data-dir "$data" --count 2000)
fi
echo "$miss"

cleanup() {
  [ -n "${portal_pid:-}" ] && kill "$portal_pid" 2>/dev/null || true
  [ -f "$BENCH_DIR/nginx/nginx.pid" ] && nginx -p "$BENCH_DIR/nginx" -c nginx.conf -s stop 2>/dev/null || true
}
trap cleanup EXIT

started=$(date +%s.%N)
"$portal" serve --data-dir "$data" --listen "127.0.0.1:$PORTAL_PORT" >"$BENCH_DIR/portal.log" 2>&1 &
portal_pid=$!
until curl -sf "http://127.0.0.1:$PORTAL_PORT/healthz" >/dev/null; do sleep 0.005; done
startup=$(echo "$(date +%s.%N) - $started" | bc)
base="http://127.0.0.1:$PORTAL_PORT"

home_html=$(curl -sf "$base$prefix/")
category=$(grep -o "href=\"$prefix/[a-z0-9-]*\"" <<<"$home_html" | grep -v "\"$prefix/\"" | grep -v '/cong-thanh-phan"' | head -1 | cut -d'"' -f2)
article=$(curl -sf "$base$category" | grep -o "href=\"$category/[a-z0-9-]*-[0-9]*\"" | head -1 | cut -d'"' -f2)
[ -n "$category" ] && [ -n "$article" ] || { echo "no category or article link found"; exit 1; }

# nginx serves the very bytes the portal sends, plain and gzip (gzip_static).
www="$BENCH_DIR/www"
mkdir -p "$www" "$BENCH_DIR/nginx/logs"
curl -sf "$base$article" -o "$www/article.html"
curl -sf -H 'accept-encoding: gzip' "$base$article" -o /dev/null
sleep 1 # the portal compresses a new page once, off the request
curl -sf -H 'accept-encoding: gzip' "$base$article" -o "$www/article.html.gz"
gzip -t "$www/article.html.gz"
cat >"$BENCH_DIR/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $BENCH_DIR/nginx/nginx.pid;
error_log $BENCH_DIR/nginx/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=100;
  types { text/html html; }
  gzip_static on;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $www;
  }
}
EOF
nginx -p "$BENCH_DIR/nginx" -c nginx.conf
nginx_url="http://127.0.0.1:$NGINX_PORT/article.html"

# Requests/sec, p99 (ms) and failed requests of one oha run (requests cut
# by the end of the run are not failures).
measure() {
  oha --no-tui -z "$DURATION" "$@" 2>&1 | awk '
    /Requests\/sec:/ { rps = $2 }
    /99.00% in/ { p99 = $3; if ($4 ~ /^sec/) p99 *= 1000; else if ($4 ~ /^(us|µs)/) p99 /= 1000 }
    /Error distribution/ { in_errors = 1; next }
    in_errors && /\[[0-9]+\]/ && !/deadline/ { gsub(/[\[\]]/, "", $1); errors += $1 }
    END { printf "%.0f %.2f %d\n", rps, p99, errors }'
}

memory() {
  awk '/RssAnon|RssFile/ { printf "%s %d MB  ", $1, $2 / 1024 }' "/proc/$portal_pid/status"
}

row() { # name portal-args nginx-args
  local name=$1 p n
  p=$(measure $2)
  if [ -n "$3" ]; then n=$(measure $3); else n="- - -"; fi
  read -r prps pp99 perr <<<"$p"
  read -r nrps np99 nerr <<<"$n"
  if [ "$nrps" = "-" ]; then
    printf "| %s | %s | - | - | %s ms | - | - | %s |\n" "$name" "$prps" "$pp99" "$perr"
  else
    printf "| %s | %s | %s | %.2f | %s ms | %s ms | %.2f | %s/%s |\n" "$name" "$prps" "$nrps" \
      "$(echo "$prps / $nrps" | bc -l)" "$pp99" "$np99" "$(echo "$pp99 / $np99" | bc -l)" "$perr" "$nerr"
  fi
}

gz='-H accept-encoding:gzip'
plain='-H accept-encoding:identity'
echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%Y-%m-%d); $ARTICLES articles on $SITES site(s), pages of ${prefix:-the province}/; $DURATION a run; 64 connections"
echo
echo "| page | portal req/s | nginx req/s | ratio | portal p99 | nginx p99 | p99 ratio | failed |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
row "article, cached, plain" "-c 64 $plain $base$article" "-c 64 $plain $nginx_url"
row "article, cached, gzip" "-c 64 $gz $base$article" "-c 64 $gz $nginx_url"
row "home page, gzip" "-c 64 $gz $base$prefix/" ""
row "category page, gzip" "-c 64 $gz $base$category" ""
row "search page, 'tinh uy'${search_scope:+ province-wide}, gzip" "-c 64 $gz $base/tim-kiem?q=tinh+uy$search_scope" ""
echo
fixed=$(measure -c 64 -q "$RATE" $gz "$base$article")
echo "fixed rate $RATE req/s, article, gzip: p99 $(cut -d' ' -f2 <<<"$fixed") ms, $(cut -d' ' -f3 <<<"$fixed") failed"
# Publishing to the page showing it: the article is taken down, then
# published again by the generator's publisher account; from the
# publisher's request to the first reader request whose section page
# lists it.
jar="$BENCH_DIR/cookies.txt"
rm -f "$jar"
csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -1 | cut -d'"' -f4; }
csrf=$(curl -sf -c "$jar" -b "$jar" "$base$prefix/quan-tri/dang-nhap" | csrf_of)
curl -sf -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "next=/quan-tri" \
  --data-urlencode "login=bench" --data-urlencode "password=bench-pages" "$base$prefix/quan-tri/dang-nhap"
id=${article##*-}
csrf=$(curl -sf -b "$jar" "$base$prefix/quan-tri/bai-viet/$id" | csrf_of)
step() {
  curl -sf -o /dev/null -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "action=$1" \
    --data-urlencode "note=" "$base$prefix/quan-tri/bai-viet/$id/buoc"
}
step unpublish
curl -sf "$base$category" | grep -qF "\"$article\"" && { echo "unpublishing did not take the article down"; exit 1; }
t0=$(date +%s.%N)
step publish
tries=0
until curl -sf "$base$category" | grep -qF "\"$article\""; do
  tries=$((tries + 1))
  [ "$tries" -lt 5000 ] || { echo "the published article never showed"; exit 1; }
done
echo "publish to visible in its section: $(echo "$(date +%s.%N) - $t0" | bc) s (the publisher's request and $((tries + 1)) reader request(s), curl included)"
echo "portal memory after the runs: $(memory)(anonymous: the process's own; file: mapped database and index pages)"
echo "start-up to the first answer: ${startup} s"
echo "$miss"

if [ -n "$SOAK" ]; then
  echo "== soak: $SOAK at 2000 req/s over article, home and category pages"
  ( for url in "$base$article" "$base$prefix/" "$base$category"; do
      oha --no-tui -z "$SOAK" -c 16 -q 700 "$url" >"$BENCH_DIR/soak-$(basename "$url").txt" &
    done; wait ) &
  soak=$!
  while kill -0 "$soak" 2>/dev/null; do
    echo "  $(date -u +%H:%M:%S) $(memory)"
    sleep 60
  done
  grep -h -A3 "Error distribution" "$BENCH_DIR"/soak-*.txt || echo "  no errors"
fi
