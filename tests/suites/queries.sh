#!/usr/bin/env bash
# tests/suites/queries.sh - runs the data-driven query tests, tests/queries/*.test.
#
# A .test file is a list of blocks separated by blank lines.  A block:
#   # comment lines (optional; the first one names the check)
#   graph: NAME        optional; tests/graphs/NAME.yaml; sticks for later blocks
#   format: FMT        optional; -o FMT (default tsv); sticks for later blocks
#   %%FAIL [STATUS]    optional: the query must fail (exit STATUS, default 1)
#   QUERY              the query line, run as: casegraph -q -o FMT -e QUERY graphs/NAME.yaml
#                      in a scratch directory
#   EXPECTED...        standard output, line by line (a %%FAIL block: the error
#                      line on standard error); `%%EMPTY` is an empty line;
#                      `%%stderr TEXT` requires TEXT in standard error
# A block with no expected lines expects no output at all.
. "$(dirname "$0")/../lib.sh"

QDIR=$ROOT/tests/queries
GDIR=$ROOT/tests/graphs
nblocks=0

# run_block FILE LINE GRAPH FORMAT FAILSTATUS QUERY  (expected lines in $EXP, stderr needles in $NEEDLES)
run_block() {
    local file=$1 line=$2 graph=$3 fmt=$4 fail=$5 query=$6 name
    name="$(basename "$file"):$line: $query"
    [ -n "$COMMENT" ] && name="$(basename "$file"):$line: $COMMENT"
    nblocks=$((nblocks + 1))
    (cd "$W" && timeout 20 "$CG" -q -o "$fmt" -e "$query" "graphs/$graph.yaml" >"$W/out" 2>"$W/err" </dev/null)
    local rc=$? out err
    out=$(cat "$W/out"; echo x); out=${out%x}
    err=$(<"$W/err")
    if [ -n "$fail" ]; then
        local eline=
        while IFS= read -r l; do case "$l" in *error:*) eline=$l; break ;; esac; done <<<"$err"
        if [ "$rc" != "$fail" ]; then
            notok "$name" "expected exit $fail, got $rc" "stderr: $err"
        elif [ "$eline" != "${EXP%$'\n'}" ]; then
            notok "$name" "expected error: ${EXP%$'\n'}" "actual stderr:  $err"
        elif [ -n "$out" ]; then
            notok "$name" "expected no output, got: $out"
        else
            ok "$name"
        fi
        return
    fi
    if [ "$rc" != 0 ]; then
        notok "$name" "expected exit 0, got $rc" "stderr: $err"
        return
    fi
    if [ "$out" != "$EXP" ]; then
        notok "$name" "expected:" "$(printf '%s' "$EXP" | sed 's/^/      |/' | cat -A | sed 's/\$$//')" \
            "actual:" "$(printf '%s' "$out" | sed 's/^/      |/' | cat -A | sed 's/\$$//')"
        return
    fi
    local n
    while IFS= read -r n; do
        [ -z "$n" ] && continue
        case "$err" in *"$n"*) ;; *) notok "$name" "expected on stderr: $n" "actual stderr: $err"; return ;; esac
    done <<<"$NEEDLES"
    ok "$name"
}

# run_file FILE: every block of one file, in the scratch directory $W
run_file() {
    local file=$1
    graph=small; fmt=tsv
    state=start; COMMENT=; fail=; query=; EXP=; NEEDLES=; qline=0; lineno=0
    flush() {
        if [ -n "$query" ]; then run_block "$file" "$qline" "$graph" "$fmt" "$fail" "$query"; fi
        state=start; COMMENT=; fail=; query=; EXP=; NEEDLES=
    }
    while IFS= read -r l || [ -n "$l" ]; do
        lineno=$((lineno + 1))
        if [ -z "$l" ]; then flush; continue; fi
        if [ "$state" = start ]; then
            case "$l" in
                '#'*) [ -z "$COMMENT" ] && COMMENT=${l#\# }; continue ;;
                'graph: '*) graph=${l#graph: }; continue ;;
                'format: '*) fmt=${l#format: }; continue ;;
                '%%FAIL'*) fail=${l#%%FAIL}; fail=${fail# }; [ -z "$fail" ] && fail=1; continue ;;
            esac
            query=$l; qline=$lineno; state=expect; continue
        fi
        case "$l" in
            '%%EMPTY') EXP+=$'\n' ;;
            '%%stderr '*) NEEDLES+="${l#%%stderr }"$'\n' ;;
            *) EXP+="$l"$'\n' ;;
        esac
    done <"$file"
    flush
    [ "$nblocks" -gt 0 ] || notok "$(basename "$file"): no test blocks found"
}

# the files run in parallel, each in its own scratch directory; output in order
files=("$QDIR"/*.test)
[ ${#files[@]} -gt 0 ] && [ -e "${files[0]}" ] || notok "queries: no .test files"
for file in "${files[@]}"; do
    W=$TMP/$(basename "$file" .test)
    mkdir -p "$W"
    ln -sfn "$GDIR" "$W/graphs"     # graphs/NAME.yaml: stable file names in `show`
    run_file "$file" >"$W.log" 2>&1 &
done
wait
for file in "${files[@]}"; do cat "$TMP/$(basename "$file" .test).log"; done
