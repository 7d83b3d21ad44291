#!/usr/bin/env bash
# Runs one fuzz target: fuzz/run.sh TARGET [SECONDS] [-- LIBFUZZER_ARGS…]
#
# TARGET is one of normalize, analysis, rules, gazetteer, extract. SECONDS
# (default: until stopped) bounds the run. New inputs go to
# fuzz/corpus/TARGET (not committed); fuzz/seeds/TARGET (committed) starts
# it, and fuzz/dicts/ gives it the words of the format. A crash is saved in
# fuzz/artifacts/TARGET/; add it to tests/regressions.rs once fixed.
#
# Needs `cargo install cargo-fuzz`. cargo fuzz wants a nightly compiler;
# RUSTC_BOOTSTRAP=1 lets the stable one take the nightly flags it passes, so
# this works with the one stable toolchain the machines have. The crate
# forbids unsafe code, so the address sanitizer is off by default (twice the
# executions per second); SANITIZER=address turns it on.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: fuzz/run.sh TARGET [SECONDS] [-- LIBFUZZER_ARGS…]}
shift
secs=0
if [[ $# -gt 0 && $1 != -- ]]; then
    secs=$1
    shift
fi
[[ ${1:-} == -- ]] && shift

case $target in
    normalize | analysis | extract) dict=text ;;
    rules | gazetteer) dict=$target ;;
    *)
        echo "unknown target $target: normalize, analysis, rules, gazetteer or extract" >&2
        exit 2
        ;;
esac

mkdir -p "fuzz/corpus/$target"
export RUSTC_BOOTSTRAP=1
exec cargo fuzz run --sanitizer "${SANITIZER:-none}" "$target" \
    "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -dict="fuzz/dicts/$dict.dict" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=4096 "$@"
