#!/usr/bin/env bash
# Measures the inputs of the "input that exhausts memory" report: builds each of four
# generated archives with the release binary under /usr/bin/time -v and prints the
# wall time and the maximum resident set size (median of RUNS runs, default 3).
#
#   bash tests/bench/blowup.sh            # builds target/release/scholia first
#   SCHOLIA=path/to/scholia RUNS=5 bash tests/bench/blowup.sh
#   BLOWUP_DIR=/tmp/blowup bash tests/bench/blowup.sh   # keep the archives (perf record …)
#   INPUTS="people tags" bash tests/bench/blowup.sh      # some of the inputs only
#   TMPDIR=/dev/shm bash tests/bench/blowup.sh           # in memory: writing 5,000 pages
#                                                        # on a busy ext4 /tmp can take seconds
#
# CPU is user + system time: on a shared machine it says more than the wall time.
#
# The inputs: one 120 KB paragraph of "Putin " (an entity with that alias: 20,000
# mentions in one block); a 10 MB Markdown table; 5,000 people files; 5,000 tags on
# documents. This is a measurement, not a test: it asserts nothing but that each build
# ends (a build stopped by a [limits] setting prints its error and counts as ended).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-3}"
if [[ -z "${SCHOLIA:-}" ]]; then
  (cd "$here" && cargo build --release --quiet)
  SCHOLIA="$here/target/release/scholia"
fi
if [[ -n "${BLOWUP_DIR:-}" ]]; then # keep the archives there, for profiling
  tmp="$BLOWUP_DIR"
  rm -rf "$tmp" && mkdir -p "$tmp"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
fi

# A fresh archive with the shipped theme.
new_archive() {
  local root="$tmp/$1"
  mkdir -p "$root/content/documents" "$root/content/people" "$root/themes"
  cp -r "$here/themes/default" "$root/themes/default"
  printf 'title = "Blowup"\n' >"$root/site.toml"
  echo "$root"
}

doc_head() { # title date [extra front matter lines]
  printf -- '---\ntitle: "%s"\ndate: %s\n%s---\n\n' "$1" "$2" "${3:-}"
}

# 1. One paragraph of 120 KB: "Putin " 20,000 times.
root="$(new_archive mentions)"
printf -- '---\nname: Vladimir Putin\naliases: [Putin]\n---\n' >"$root/content/people/vladimir-putin.md"
{
  doc_head "Mentions" 2022-01-01
  awk 'BEGIN { for (i = 0; i < 20000; i++) printf "Putin "; print "" }'
} >"$root/content/documents/2022-01-01-mentions.md"

# 2. A Markdown table of 10 MB (just under 10 MiB) of tiny cells: 4.5 million of them.
root="$(new_archive table)"
{
  doc_head "Table" 2022-01-01
  echo '|a|b|c|d|e|f|g|h|i|j|'
  echo '|-|-|-|-|-|-|-|-|-|-|'
  awk 'BEGIN { for (i = 0; i < 450000; i++) print "|1|2|3|4|5|6|7|8|9|0|" }'
} >"$root/content/documents/2022-01-01-table.md"

# 3. 5,000 people files, each named by one document.
root="$(new_archive people)"
for i in $(seq 1 5000); do
  printf -- '---\nname: Person Number%d\nkind: person\n---\nA person.\n' "$i" >"$root/content/people/person-$i.md"
done
{
  doc_head "People" 2022-01-01
  echo "A document that names nobody."
} >"$root/content/documents/2022-01-01-people.md"

# 4. 5,000 tags on documents: 100 documents with 50 tags each, all different.
root="$(new_archive tags)"
for d in $(seq 1 100); do
  tags="$(seq $(((d - 1) * 50 + 1)) $((d * 50)) | sed 's/^/tag-/' | paste -sd, -)"
  {
    doc_head "Tagged $d" 2022-01-01 "tags: [$tags]
"
    echo "Document number $d."
  } >"$root/content/documents/2022-01-01-tagged-$d.md"
done

# Wall seconds and max RSS (KiB) of one build, as "seconds kib status".
measure() {
  local root="$1" log="$tmp/time.log" status=0
  rm -rf "$root/public"
  /usr/bin/time -v -o "$log" "$SCHOLIA" build --root "$root" --quiet >"$tmp/out.log" 2>"$tmp/err.log" || status=$?
  local wall cpu rss
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")"
  cpu="$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$log")"
  rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")"
  echo "$wall $cpu $rss $status"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '%-10s %10s %10s %14s  %s\n' input "wall (s)" "CPU (s)" "max RSS (MiB)" status
for name in ${INPUTS:-mentions table people tags}; do
  walls=() cpus=() rsss=() status=0
  for _ in $(seq 1 "$runs"); do
    read -r w c r s < <(measure "$tmp/$name")
    walls+=("$w") cpus+=("$c") rsss+=("$r") status="$s"
  done
  wall="$(printf '%s\n' "${walls[@]}" | median)"
  cpu="$(printf '%s\n' "${cpus[@]}" | median)"
  rss="$(printf '%s\n' "${rsss[@]}" | median)"
  note="ok"
  if [[ "$status" != 0 ]]; then
    note="exit $status: $(grep -m1 'error' "$tmp/err.log" || true)"
  fi
  printf '%-10s %10.2f %10.2f %14.1f  %s\n' "$name" "$wall" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$note"
done
