#!/usr/bin/env bash
# Short fuzzing campaign: build fuzz/Mosh.Fuzz, instrument Mosh.dll with SharpFuzz, then run
# afl-fuzz for SECONDS on every target registered in fuzz/Mosh.Fuzz/Targets.cs (or only the
# targets named after SECONDS). Findings go to fuzz/findings/<target>/ (gitignored). Every crash
# is also copied to fuzz/regressions/<target>/ (named by its hash): commit it, fix the bug, and
# the test suite (FuzzRegressionTests) replays it on every run from then on. A finding that
# cannot be fixed yet belongs in fuzz/known-issues/<target>/ instead (not replayed).
# Exits non-zero if any target produced a crash. make test ends with it (make fuzz-ci: 30 s per
# target), so CI (.ci/run) fails on a new crash.
#   usage: scripts/fuzz.sh SECONDS [TARGET...]
set -euo pipefail

seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/fuzz
tools=$root/build/fuzz-tools
dotnet=${DOTNET:-dotnet}

command -v afl-fuzz >/dev/null || { echo "fuzz.sh: afl-fuzz not found (Debian: apt-get install afl++)" >&2; exit 2; }

echo "== building the fuzz project"
"$dotnet" build "$root/fuzz/Mosh.Fuzz/Mosh.Fuzz.csproj" -c Release -o "$out/bin" --nologo -v quiet

if [ ! -x "$tools/sharpfuzz" ]; then
    echo "== installing SharpFuzz.CommandLine"
    "$dotnet" tool install --tool-path "$tools" SharpFuzz.CommandLine >/dev/null
fi

echo "== instrumenting Mosh.dll"
"$tools/sharpfuzz" "$out/bin/Mosh.dll"

# Targets: the arguments, or every registered one (the fuzz program lists them on its usage line).
if [ $# -gt 0 ]; then
    targets=("$@")
else
    listing=$("$dotnet" "$out/bin/Mosh.Fuzz.dll" 2>&1 || true)
    IFS=', ' read -r -a targets <<<"$(sed -n 's/.*(targets: \(.*\))$/\1/p' <<<"$listing")"
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: no fuzz targets registered" >&2; exit 2; }

export AFL_SKIP_BIN_CHECK=1            # a .NET program, not an afl-instrumented binary
export AFL_NO_UI=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_SKIP_CPUFREQ=1
export AFL_NO_AFFINITY=1
export DOTNET_TieredPGO=0

crashed=0
for target in "${targets[@]}"; do
    corpus=$root/fuzz/corpus/$target
    findings=$root/fuzz/findings/$target
    if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then
        echo "fuzz.sh: no seed corpus in $corpus; using a one-byte seed" >&2
        corpus=$out/seed-$target
        mkdir -p "$corpus"
        printf '\0' >"$corpus/zero"
    fi
    mkdir -p "$findings"
    echo "== fuzzing $target for $seconds s"
    afl-fuzz -V "$seconds" -i "$corpus" -o "$findings" -t 10000 -m none -- \
        "$dotnet" "$out/bin/Mosh.Fuzz.dll" "$target" >"$findings/afl.log" 2>&1 || {
        echo "fuzz.sh: afl-fuzz failed for $target; see $findings/afl.log" >&2
        tail -n 20 "$findings/afl.log" >&2
        exit 2
    }
    n=$(find "$findings" -path '*/crashes/id:*' -type f | wc -l)
    execs=$(sed -n 's/^execs_done *: *//p' "$findings"/default/fuzzer_stats 2>/dev/null | head -n1)
    echo "   $target: ${execs:-?} executions, $n crash(es)"
    if [ "$n" -gt 0 ]; then
        crashed=1
        mkdir -p "$root/fuzz/regressions/$target"
        while IFS= read -r crash; do
            name=crash-$(sha1sum "$crash" | cut -c1-16)
            cp "$crash" "$root/fuzz/regressions/$target/$name"
            echo "   crash: $crash -> fuzz/regressions/$target/$name"
        done < <(find "$findings" -path '*/crashes/id:*' -type f | head -n 20)
    fi
done
exit $crashed
