#!/usr/bin/env bash
# Reproducible benchmark of lexlint: generates the corpora from a seed, runs
# the Go benchmarks, times the command end to end, and runs ripgrep and Vale
# on the same text and phrase lists when they are installed
# (apt-get install ripgrep; Vale: see bench/vale.sh).
#
#   bash bench/run.sh            # 50 MB of text
#   SIZE=5000000 bash bench/run.sh   # a quick run
#   BIG=1 bash bench/run.sh          # also memory at size: 1 GB export, 500 MB text, 50 MB line (minutes)
#   LINE=1000000 bash bench/run.sh   # a shorter one-line document than 50 MB
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin:$(go env GOPATH)/bin"
SIZE=${SIZE:-52428800}
LINE=${LINE:-52428800} # bytes of the one-line document
SEED=${SEED:-1}
OUT=bench/out
BENCHTIME=${BENCHTIME:-1s}

echo "== generating $SIZE bytes (seed $SEED) into $OUT"
go run ./bench/_gen -out "$OUT" -size "$SIZE" -seed "$SEED"
go build -o "$OUT/lexlint" ./cmd/lexlint
MB=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$OUT/agent.txt")/1048576}")

echo "== go test -bench (one core)"
GOMAXPROCS=1 go test -run XXX -bench 'Matcher|Tokenize|CheckCorpus|CheckMessages|CompileBuiltins|NewBuiltin' -benchmem -benchtime "$BENCHTIME" -count 1 ./lint/ | grep -E '^Benchmark'
go test -run XXX -bench . -benchmem -benchtime "$BENCHTIME" -count 1 ./transcript/ | grep -E '^Benchmark' || true
# The whole command in process, over the corpus just generated.
go test -run XXX -bench 'CheckFile|CheckJSONL' -benchmem -benchtime "$BENCHTIME" -count 1 ./cmd/lexlint/ | grep -E '^Benchmark' || true

TIMES="$PWD/$OUT/time.txt" # absolute: Vale runs in its style's folder
timeit() { # prints wall seconds, peak RSS (KB) and CPU seconds (user + sys) of a command
  /usr/bin/time -f "%e %M %U %S" "$@" > /dev/null 2> "$TIMES" || true
  tail -1 "$TIMES" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}'
}

row() { printf '%-44s %10s %10s %10s\n' "$@"; }
echo
echo "== end to end on $MB MB ($OUT/agent.*)"
row "command" "seconds" "MB/s" "peak MB"
for n in 100 1000 10000; do
  read -r s kb _ < <(timeit "$OUT/lexlint" check --no-config --fail-on none --format jsonl -j 1 --lexicon "$OUT/lexicon-$n.yaml" "$OUT/agent.txt")
  row "lexlint text, $n phrases, -j 1" "$s" "$(awk "BEGIN{printf \"%.1f\", $MB/$s}")" "$((kb/1024))"
  eval "lex_$n=$s"
done
for j in 1 2; do
  read -r s kb _ < <(timeit "$OUT/lexlint" check --no-config --fail-on none --format jsonl -j $j "$OUT/agent.jsonl")
  JMB=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$OUT/agent.jsonl")/1048576}")
  row "lexlint jsonl, built-in lexicons, -j $j" "$s" "$(awk "BEGIN{printf \"%.1f\", $JMB/$s}")" "$((kb/1024))"
done
if command -v taskset >/dev/null; then # the whole process on one core: reader, checker, output and GC
  read -r s kb _ < <(timeit taskset -c 0 "$OUT/lexlint" check --no-config --fail-on none --format jsonl -j 1 "$OUT/agent.jsonl")
  row "lexlint jsonl, -j 1, one core (taskset)" "$s" "$(awk "BEGIN{printf \"%.1f\", $JMB/$s}")" "$((kb/1024))"
fi
echo
echo "== every output format on the $JMB MB JSONL export, built-in lexicons (memory must not grow with the findings)"
row "format" "seconds" "MB/s" "peak MB"
for f in jsonl json sarif checkstyle junit text github parquet; do
  dest=(); [ $f = parquet ] && dest=(-o "$OUT/findings.parquet") # Parquet needs a file; the rest go to /dev/null
  read -r s kb _ < <(timeit "$OUT/lexlint" check --no-config --fail-on none --format $f "${dest[@]}" "$OUT/agent.jsonl")
  row "check --format $f" "$s" "$(awk "BEGIN{printf \"%.1f\", $JMB/$s}")" "$((kb/1024))"
done
read -r s kb _ < <(timeit "$OUT/lexlint" report --no-config -q -f json "$OUT/agent.jsonl")
row "report -f json" "$s" "$(awk "BEGIN{printf \"%.1f\", $JMB/$s}")" "$((kb/1024))"
for n in 100 10000; do
  read -r s kb cpu < <(timeit "$OUT/lexlint" report --no-config -q -f json --lexicon "$OUT/lexicon-$n.yaml" "$OUT/agent.jsonl")
  row "report -f json, $n phrases" "$s" "$(awk "BEGIN{printf \"%.1f\", $JMB/$s}")" "$((kb/1024))"
  eval "rep_$n=$s repcpu_$n=$cpu"
done
echo "   report with 10,000 phrases takes $(awk "BEGIN{ if ($rep_100 > 0) printf \"%.2f\", $rep_10000/$rep_100; else print \"n/a\" }")x the time with 100 ($(awk "BEGIN{ if ($repcpu_100 > 0) printf \"%.2f\", $repcpu_10000/$repcpu_100; else print \"n/a\" }")x the CPU time)"

echo
echo "== a document that is one line of $LINE bytes (the text's lines joined), built-ins and 10,000 phrases, every format"
: > "$OUT/line.txt"
while [ "$(stat -c %s "$OUT/line.txt")" -lt "$LINE" ]; do cat "$OUT/agent.txt" >> "$OUT/line.txt"; done
head -c "$LINE" "$OUT/line.txt" | tr '\n' ' ' > "$OUT/line1.txt" && mv "$OUT/line1.txt" "$OUT/line.txt"
LMB=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$OUT/line.txt")/1048576}")
row "format" "seconds" "MB/s" "peak MB"
for f in jsonl json sarif checkstyle junit text github; do
  read -r s kb _ < <(timeit "$OUT/lexlint" check --no-config --fail-on none --format $f --lexicon builtin:en --lexicon builtin:nl --lexicon "$OUT/lexicon-10000.yaml" "$OUT/line.txt")
  row "one line, check --format $f" "$s" "$(awk "BEGIN{printf \"%.1f\", $LMB/$s}")" "$((kb/1024))"
done
rm -f "$OUT/line.txt"
if [ "${BIG:-0}" = 1 ]; then # the memory targets: minutes, and 1.6 GB of disk under $OUT
  echo
  echo "== memory at size (BIG=1): a 1 GB export, a 500 MB text file, a 50 MB line; every format"
  repeat() { # repeat FILE until OUT holds at least BYTES (whole copies: records stay whole)
    : > "$3"
    while [ "$(stat -c %s "$3")" -lt "$2" ]; do cat "$1" >> "$3"; done
  }
  repeat "$OUT/agent.jsonl" $((1<<30)) "$OUT/big-export.jsonl"
  repeat "$OUT/agent.txt" $((500*1048576)) "$OUT/big-text.txt"
  truncate -s $((500*1048576)) "$OUT/big-text.txt"
  head -c $((50*1048576)) "$OUT/big-text.txt" | tr '\n' ' ' > "$OUT/big-line.txt"
  row "input, format" "seconds" "MB/s" "peak MB"
  for in in big-export.jsonl big-text.txt big-line.txt; do
    IMB=$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$OUT/$in")/1048576}")
    for f in jsonl json sarif checkstyle junit text github parquet; do
      dest=(); [ $f = parquet ] && dest=(-o "$OUT/findings.parquet")
      read -r s kb _ < <(timeit "$OUT/lexlint" check --no-config --fail-on none --format $f "${dest[@]}" --lexicon builtin:en --lexicon builtin:nl --lexicon "$OUT/lexicon-10000.yaml" "$OUT/$in")
      row "$in, $f" "$s" "$(awk "BEGIN{printf \"%.1f\", $IMB/$s}")" "$((kb/1024))"
    done
  done
  rm -f "$OUT/big-export.jsonl" "$OUT/big-text.txt" "$OUT/big-line.txt" "$OUT/findings.parquet"
  # lexicon mine on a 1 GB export with generated ratings: three passes, bounded memory.
  go run ./bench/_gen -out "$OUT" -size "$SIZE" -seed "$SEED" -rated
  repeat "$OUT/agent-rated.jsonl" $((1<<30)) "$OUT/big-rated.jsonl"
  read -r s kb _ < <(timeit "$OUT/lexlint" lexicon mine --no-config "$OUT/big-rated.jsonl")
  row "big-rated.jsonl, lexicon mine" "$s" "$(awk "BEGIN{printf \"%.1f\", $(stat -c %s "$OUT/big-rated.jsonl")/1048576/$s}")" "$((kb/1024))"
  rm -f "$OUT/big-rated.jsonl"
fi
head -c 1024 "$OUT/agent.txt" > "$OUT/draft-1k.txt"
echo
echo "== a draft's check (1 KB, built-ins) against a bare start (lexlint version), medians"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs "${DRAFT_RUNS:-60}" --export-json "$OUT/draft.json" \
    "$OUT/lexlint version" "$OUT/lexlint check --no-config --fail-on none $OUT/draft-1k.txt" > /dev/null 2>&1
  read -r v d < <(tr -d ' \n' < "$OUT/draft.json" | grep -o '"median":[0-9.e-]*' | cut -d: -f2 | tr '\n' ' '; echo)
else
  median() { # median wall seconds of 41 runs of a command
    for i in $(seq 1 41); do
      t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N)
      echo $((t1 - t0))
    done | sort -n | awk '{a[NR]=$1} END {printf "%.6f", a[21]/1e9}'
  }
  v=$(median "$OUT/lexlint" version)
  d=$(median "$OUT/lexlint" check --no-config --fail-on none "$OUT/draft-1k.txt")
fi
row "lexlint version" "$(awk "BEGIN{printf \"%.4f\", $v}")" "" ""
row "lexlint check (1 KB draft)" "$(awk "BEGIN{printf \"%.4f\", $d}")" "" ""
echo "   a draft's check takes $(awk "BEGIN{printf \"%.2f\", $d/$v}")x a bare start"

if command -v rg >/dev/null; then
  echo
  echo "== ripgrep $(rg --version | head -1): rg -F -i -w -c -f phrases.txt"
  for n in 100 1000 10000; do
    read -r s kb _ < <(timeit rg -F -i -w -c -f "$OUT/phrases-$n.txt" "$OUT/agent.txt")
    eval "lx=\$lex_$n"
    row "rg, $n phrases" "$s" "$(awk "BEGIN{printf \"%.1f\", $MB/$s}")" "$((kb/1024))"
    echo "   lexlint is $(awk "BEGIN{printf \"%.1f\", $s/$lx}")x as fast as rg at $n phrases"
  done
else
  echo "(ripgrep not installed: apt-get install ripgrep)"
fi
if command -v vale >/dev/null; then
  # Vale is slow enough that a subset of the files keeps the run short;
  # VALE_FILES=200 uses them all. Ratios are per CPU second (user + sys),
  # as Vale uses every core.
  VALE_FILES=${VALE_FILES:-20}
  rm -rf "$OUT/vale-sub" && mkdir "$OUT/vale-sub"
  ls "$OUT/vale-corpus" | head -n "$VALE_FILES" | while read -r f; do cp "$OUT/vale-corpus/$f" "$OUT/vale-sub/"; done
  VMB=$(awk "BEGIN{printf \"%.2f\", $(du -sb "$OUT/vale-sub" | cut -f1)/1048576}")
  ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1/$2; else print \"n/a (too short to time)\" }"; }
  echo
  VV=$(go version -m "$(command -v vale)" 2>/dev/null | awk '$1=="mod"{print $3}')
  echo "== $(vale --version) ${VV:-} and lexlint on $VMB MB ($VALE_FILES files of $OUT/vale-corpus)"
  row "command" "seconds" "CPU s" "MB/CPU s"
  for n in 100 1000; do
    read -r vs _ vc < <(cd "$OUT/vale-$n" && timeit vale --no-exit --output line ../vale-sub)
    row "vale, $n phrases" "$vs" "$vc" "$(ratio "$VMB" "$vc")"
    read -r ls _ lc < <(timeit "$OUT/lexlint" check --no-config --fail-on none --format jsonl -j 1 --lexicon "$OUT/lexicon-$n.yaml" "$OUT/vale-sub")
    row "lexlint, $n phrases, -j 1" "$ls" "$lc" "$(ratio "$VMB" "$lc")"
    echo "   Vale's CPU time / lexlint's at $n phrases (whole processes, start-up included): $(ratio "$vc" "$lc")"
  done
else
  echo "(Vale not installed: bash bench/vale.sh)"
fi
