#!/usr/bin/env bash
# Checks that every section reference in the code (§N, §N.M, §N.M.K in *.cs, *.sh, *.py and
# *.md files under src, tests, bench, fuzz and scripts) names a heading of docs/protocol.md
# ("## N. Title", "### N.M Title", "#### N.M.K Title"). A trailing dot ("see §N.M.") is not part
# of the reference. Citations of other documents, written with the document's name right
# before the section sign ("RFC 7253 §…", "FIPS-197 §…"), are not ours and are skipped.
#
# Prints each dangling reference as "file:line: §X has no heading in docs/protocol.md" and exits
# 1 if there is any (or if docs/protocol.md is missing); otherwise prints a one-line summary and
# exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

doc=docs/protocol.md
if [[ ! -f $doc ]]; then
    echo "check-protocol-refs: $doc is missing" >&2
    exit 1
fi

# Section numbers of the document's headings, ignoring fenced code blocks.
declare -A heading=()
while IFS= read -r number; do
    heading[$number]=1
done < <(awk '/^```/ { fence = !fence; next } !fence { print }' "$doc" \
    | grep -E '^#{2,4} [0-9]+(\.[0-9]+)*[. ]' \
    | sed -E 's/^#+ ([0-9]+(\.[0-9]+)*).*/\1/')

if [[ ${#heading[@]} -eq 0 ]]; then
    echo "check-protocol-refs: no numbered headings found in $doc" >&2
    exit 1
fi

files=()
for dir in src tests bench fuzz scripts; do
    [[ -d $dir ]] || continue
    while IFS= read -r f; do
        files+=("$f")
    done < <(find "$dir" \( -type d \( -name bin -o -name obj \) -prune \) -o \
        -type f \( -name '*.cs' -o -name '*.sh' -o -name '*.py' -o -name '*.md' \) -print | sort)
done

# A reference, optionally preceded by the name of another document.
external='(RFC|FIPS|ECMA|ISO|IEC|NIST|IEEE)[- ]?[0-9][0-9.-]*,? *'
pattern="($external)?§[0-9]+(\\.[0-9]+)*"

total=0
dangling=0
if [[ ${#files[@]} -gt 0 ]]; then
    while IFS= read -r hit; do
        file=${hit%%:*}
        rest=${hit#*:}
        line=${rest%%:*}
        match=${rest#*:}
        [[ $match == §* ]] || continue  # another document's section
        ref=${match#§}
        total=$((total + 1))
        if [[ -z ${heading[$ref]+set} ]]; then
            echo "$file:$line: §$ref has no heading in $doc"
            dangling=$((dangling + 1))
        fi
    done < <(grep -HnoE "$pattern" "${files[@]}" || true)
fi

if [[ $dangling -gt 0 ]]; then
    exit 1
fi
echo "protocol refs: $total references, all resolve"
