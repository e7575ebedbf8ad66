#!/usr/bin/env bash
# The input loop from the command line: -e, -f, standard input as a script,
# exit statuses, error locations, --keep-going, output formats, timing and
# Ctrl-C during a scripted query.  (The REPL itself is tests/suites/repl.sh.)
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
G=tests/cli/tiny.yaml
TAB=$'\t'

# first line of a text
first() { printf '%s\n' "$1" | head -n 1; }
# check_prefix NAME PREFIX TEXT: TEXT starts with PREFIX
check_prefix() {
    case "$3" in "$2"*) ok "$1" ;; *) notok "$1" "expected to start with: $2" "actual: $3" ;; esac
}

SENATORS="id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones"
PERSONS="id${TAB}kind${TAB}name
alice${TAB}person${TAB}Alice Smith
carol${TAB}person${TAB}carol"
COMPANIES="id${TAB}kind${TAB}name
acme${TAB}company${TAB}Acme Corp"

# ---- exit status 0 and the -e one-liners
run "$CG" -o tsv -e 'nodes senator' "$G"
check_rc "a query that succeeds exits 0" 0 "$RC"
check_eq "-e prints the result and nothing else on stdout" "$SENATORS" "$OUT"
check_eq "a successful non-interactive run prints nothing on stderr" "" "$ERR"

run "$CG" -o tsv -e 'nodes senator' -e 'nodes company' -e 'nodes person' "$G"
check_eq "-e repeated runs each query in order" "$SENATORS
$COMPANIES
$PERSONS" "$OUT"

run "$CG" -o tsv -e 'nodes senator  # a comment' -e '# only a comment' -e '   ' "$G"
check_rc "-e with comments and blanks exits 0" 0 "$RC"
check_eq "-e: a trailing # comment is ignored, a comment-only -e runs nothing" "$SENATORS" "$OUT"

# ---- exit status 1, error locations for -e
run "$CG" -o tsv -e 'nodes senator' -e 'show nosuch' -e 'nodes company' "$G"
check_rc "a failed query exits 1" 1 "$RC"
check_eq "the script stops at the first failed query" "$SENATORS" "$OUT"
check_prefix "an -e error reads -e:N:COL: error: (N = which -e)" "-e:2:6: error: " "$(first "$ERR")"
check_contains "the error names the unknown node" "nosuch" "$ERR"

run "$CG" -e 'bogus' "$G"
check_rc "an unknown command exits 1" 1 "$RC"
check_prefix "an unknown command is reported at its column" "-e:1:1: error: " "$ERR"
check_eq "a failed query prints nothing on stdout" "" "$OUT"

run "$CG" -o tsv --keep-going -e 'show nosuch' -e 'nodes senator' -e 'bogus' -e 'nodes company' "$G"
check_rc "--keep-going still exits 1 when a query failed" 1 "$RC"
check_eq "--keep-going runs every query" "$SENATORS
$COMPANIES" "$OUT"
check_eq "--keep-going reports every failure" "2" "$(printf '%s\n' "$ERR" | grep -c ': error: ')"
check_contains "--keep-going: the second error has its own location" "-e:3:1: error: " "$ERR"

# ---- stdout and stderr stay in order
timeout 30 "$CG" -o tsv -e 'nodes senator' -e 'bogus' "$G" >"$TMP/both" 2>&1
check_eq "results and errors interleave in order" "$SENATORS
-e:2:1: error: " "$(head -n 3 "$TMP/both" | sed 's/error: .*/error: /')"

# ---- exit status 2: unwritable output, unreadable script
run "$CG" -e 'nodes > /nonexistent-dir/x/out.csv' "$G"
check_rc "an unwritable output file exits 2" 2 "$RC"
check_prefix "an unwritable output is reported with its location" "-e:1:" "$ERR"
check_contains "an unwritable output says error:" "error: " "$ERR"

run "$CG" --keep-going -e 'nodes > /nonexistent-dir/x/out.csv' -e 'bogus' "$G"
check_rc "unwritable output wins over a failed query (exit 2)" 2 "$RC"

run "$CG" -o tsv -e 'nodes senator' -f "$TMP/no-such-script" "$G"
check_rc "an unreadable script exits 2" 2 "$RC"
check_eq "an unreadable script message" "casegraph: error: cannot read script '$TMP/no-such-script': No such file or directory" "$ERR"
check_eq "an unreadable script runs nothing" "" "$OUT"

run "$CG" -f tests/cli "$G"
check_rc "a directory as a script exits 2" 2 "$RC"
check_contains "a directory as a script says so" "Is a directory" "$ERR"

timeout 30 "$CG" -q -o tsv "$G" <&- >"$TMP/out" 2>"$TMP/err"
check_rc "a closed standard input exits 2" 2 "$?"
check_eq "a closed standard input is reported" "casegraph: error: cannot read script '<stdin>': Bad file descriptor" "$(cat "$TMP/err")"

# ---- exit status 3 belongs to the loader
printf 'nodes:\n  - {id: x, kind: senater}\n' >"$TMP/bad.yaml"
run "$CG" --check "$TMP/bad.yaml"
check_rc "--check on a bad graph exits 3" 3 "$RC"
run "$CG" -e 'nodes' "$TMP/bad.yaml"
check_rc "a query over a graph that fails to load exits 3" 3 "$RC"
check_eq "no query runs when the graph fails to load" "" "$OUT"

# ---- -f scripts: comments, blank lines, continuations, several files, -f -
run "$CG" -o tsv -f tests/cli/script.cg "$G"
check_rc "a script with comments and continuations exits 0" 0 "$RC"
check_eq "comments, blank lines and continuations" "$SENATORS
$PERSONS
from${TAB}type${TAB}to${TAB}date${TAB}source
bob${TAB}investigated${TAB}acme${TAB}2020-03-01${TAB}s1" "$OUT"
check_eq "a good script prints nothing on stderr" "" "$ERR"

run "$CG" -o tsv -f tests/cli/bad-continued.cg "$G"
check_rc "a failing script exits 1" 1 "$RC"
check_prefix "an error after a continuation points at the physical line and column" \
    "tests/cli/bad-continued.cg:3:5: error: " "$(first "$ERR")"
check_eq "the failing script stopped after its error" "$SENATORS" "$OUT"

printf 'nodes company\n' >"$TMP/a.cg"
printf '\n# second\nnodes senator\nnodes bogus_kind_xyz\n' >"$TMP/b.cg"
run "$CG" -o tsv --keep-going -f "$TMP/a.cg" -f "$TMP/b.cg" -f "$TMP/a.cg" "$G"
check_eq "-f repeated runs the scripts in order" "$COMPANIES
$SENATORS
$COMPANIES" "$OUT"
check_prefix "a script error names that script and its line" "$TMP/b.cg:4:7: error: " "$(first "$ERR")"
check_rc "-f with a failure and --keep-going exits 1" 1 "$RC"

run_in $'nodes company\nnodes senator\n' "$CG" -o tsv -f "$TMP/a.cg" -f - "$G"
check_eq "-f - reads standard input as a script" "$COMPANIES
$COMPANIES
$SENATORS" "$OUT"

run_in $'nodes senator\n\n  bogus \\\n more\n' "$CG" -o tsv -f - "$G"
check_prefix "errors in -f - are located in <stdin>" "<stdin>:3:3: error: " "$(first "$ERR")"

run_in $'# piped\nnodes senator\nnodes company\n' "$CG" -o tsv "$G"
check_rc "standard input (not a terminal) runs as a script" 0 "$RC"
check_eq "standard input script output: no prompt, no banner" "$SENATORS
$COMPANIES" "$OUT"
check_eq "standard input script: nothing on stderr" "" "$ERR"

run_in $'nodes senator\nshow  nosuch\nnodes company\n' "$CG" -o tsv "$G"
check_rc "a failing standard input script exits 1" 1 "$RC"
check_prefix "standard input errors read <stdin>:LINE:COL" "<stdin>:2:7: error: " "$(first "$ERR")"
check_eq "a failing standard input script stops" "$SENATORS" "$OUT"

printf 'nodes senator\r\n\r\nnodes \\\r\n  company\r\n' >"$TMP/crlf.cg"
run "$CG" -o tsv -f "$TMP/crlf.cg" "$G"
check_eq "a CRLF script runs like an LF one" "$SENATORS
$COMPANIES" "$OUT"
printf '\xef\xbb\xbfnodes senator\n' >"$TMP/bom.cg"
run "$CG" -o tsv -f "$TMP/bom.cg" "$G"
check_eq "a UTF-8 BOM at the start of a script is skipped" "$SENATORS" "$OUT"
printf 'nodes senator\nnodes \\' >"$TMP/tail.cg"
run "$CG" -o tsv -f "$TMP/tail.cg" "$G"
check_eq "a continuation on the last line (no newline) still runs" "$SENATORS
id${TAB}kind${TAB}name
acme${TAB}company${TAB}Acme Corp
alice${TAB}person${TAB}Alice Smith
bob${TAB}senator${TAB}Bob Jones
carol${TAB}person${TAB}carol" "$OUT"

# ---- the comment cutter knows '..' and `..` as quotes, and `//` in match
# queries (doc/match.md §2).  A cut comment is seen through the trailing `\`:
# a `#` inside quotes is text, so the `\` after it continues the query, and
# the next line does not run on its own.
run "$CG" -o tsv --keep-going -e $'neighbors \'#\' \\\nbogus' "$G"
check_eq "a # inside '..' is not a comment: the trailing \\ continues (one error)" \
    "1" "$(printf '%s\n' "$ERR" | grep -c ': error: ')"
check_prefix "the error is the quote's, at its column" "-e:1:11: error: unexpected character '''" "$(first "$ERR")"
run "$CG" -o tsv --keep-going -e $'neighbors `#` \\\nbogus' "$G"
check_eq "a # inside \`..\` is not a comment either (one error)" \
    "1" "$(printf '%s\n' "$ERR" | grep -c ': error: ')"
run "$CG" -o tsv --keep-going -e $'nodes "sen#" \\\nbogus' "$G"
check_eq "a # inside \"..\" is still text (one error)" "1" "$(printf '%s\n' "$ERR" | grep -c ': error: ')"
run "$CG" -o tsv -e $'nodes senator # don\'t' -e 'nodes "person" # a `quote' "$G"
check_rc "a quote inside a # comment opens nothing" 0 "$RC"
check_eq "a quote inside a # comment: the queries run" "$SENATORS
id${TAB}kind${TAB}name
alice${TAB}person${TAB}Alice Smith
carol${TAB}person${TAB}carol" "$OUT"
run "$CG" -o tsv -e 'show bob // x' "$G"
check_rc "// is not a comment in a §4 command (it is a word)" 1 "$RC"
check_prefix "// in a §4 command is read as a word, at its column" "-e:1:10: error: " "$(first "$ERR")"
# in a match query `//` ends the line like `#`, so `\` after it does not
# continue: the next line runs on its own (whether or not match runs)
run "$CG" -o tsv --keep-going -e $'match (a) return a limit 0 // note \\\nnodes senator' "$G"
check_eq "// in a match query starts a comment: a \\ after it does not continue" "a
$SENATORS" "$OUT"
run "$CG" -o tsv --keep-going -e $'MATCH (a) return a LIMIT 0 // it\'s \\\nnodes senator' "$G"
check_eq "a quote inside a // comment of a match query opens nothing" "a
$SENATORS" "$OUT"
printf 'match (a) \\\n  return a limit 0 // note \\\nnodes senator\n' >"$TMP/cmatch.cg"
run "$CG" -o tsv --keep-going -f "$TMP/cmatch.cg" "$G"
check_eq "-f: // on a continuation line of a match query is a comment" "a
$SENATORS" "$OUT"
# what needs the engine: enabled by itself once match runs
printf 'casegraph: 1\nnodes:\n  - {id: room, kind: organization, name: "Room #5"}\n  - {id: hall, kind: organization, name: Hall}\n' >"$TMP/hash.yaml"
if "$CG" -q -e 'match (a) return count(*)' "$TMP/hash.yaml" >/dev/null 2>&1; then
    run "$CG" -o tsv -e "match (a) where a.name contains '#' return a.id" "$TMP/hash.yaml"
    check_eq "match: a # inside '..' reaches the query" "0|a.id
room" "$RC|$OUT"
    run "$CG" -o tsv -e $'match (a) where a.name contains "#" \\\n  return a.id // the id' "$TMP/hash.yaml"
    check_eq "match: a # inside \"..\", a continuation and a // comment" "0|a.id
room" "$RC|$OUT"
else
    skip "match: a # inside quotes reaches the query" "match is not a command in this build"
fi

run "$CG" -o tsv -e 'nodes senator' -e 'quit' -e 'nodes company' "$G"
check_rc "quit in a script exits with the status so far (0)" 0 "$RC"
check_eq "quit stops the script" "$SENATORS" "$OUT"
run "$CG" -o tsv --keep-going -e 'bogus' -e 'exit' -e 'nodes company' "$G"
check_rc "exit after a failure keeps status 1" 1 "$RC"
check_eq "exit stops the script" "" "$OUT"

# ---- -o formats
run "$CG" -o csv -e 'nodes person' "$G"
check_eq "-o csv (RFC 4180: CRLF line ends)" $'id,kind,name\r\nalice,person,Alice Smith\r\ncarol,person,carol\r' "$OUT"
run "$CG" -o json -e 'nodes person' -e 'nodes company' "$G"
check_eq "-o json: one line per query" "2" "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
check_eq "-o json: the values" '[{"id": "alice", "kind": "person", "name": "Alice Smith"}, {"id": "carol", "kind": "person", "name": "carol"}]|[{"id": "acme", "kind": "company", "name": "Acme Corp"}]' \
    "$(printf '%s\n' "$OUT" | "$PY" -c 'import json,sys; print("|".join(json.dumps(json.loads(l), sort_keys=True) for l in sys.stdin))' 2>&1)"
run "$CG" -e 'nodes person' "$G"
check_contains "table is the default format" "(2 rows)" "$OUT"
check_contains "table shows the name column" "Alice Smith" "$OUT"
run "$CG" -o tsv -e 'set format csv' -e 'nodes senator' "$G"
check_eq "set format in a script changes the format of later queries" $'id,kind,name\r\nbob,senator,Bob Jones\r' "$OUT"

# ---- -q and timing
run "$CG" -q -o tsv -e 'nodes senator' "$G"
check_eq "-q: results still print" "$SENATORS" "$OUT"
run "$CG" -o tsv -e 'set timer on' -e 'nodes senator' -e 'nodes company' "$G"
check_eq "timer: stdout holds only results" "$SENATORS
$COMPANIES" "$OUT"
if printf '%s\n' "$ERR" | grep -Eq '^time: [0-9]+\.[0-9]{3} ms$' &&
   [ "$(printf '%s\n' "$ERR" | grep -c '^time: ')" = 2 ]; then ok "set timer on: 'time: N.NNN ms' on stderr per query"
else notok "set timer on: 'time: N.NNN ms' on stderr per query" "$ERR"; fi
run "$CG" -q -o tsv -e 'set timer on' -e 'nodes senator' "$G"
check_contains "the timer still reports with -q (it was asked for)" "time: " "$ERR"

# ---- Ctrl-C (SIGINT) during a scripted query: the query stops, exit 130
BIG="$(dirname "$TMP")/big.yaml"   # shared by cli.sh and repl.sh, made once
[ -s "$BIG" ] || { sh tests/cli/gen-big.sh 20000 100000 >"$BIG.$$" && mv "$BIG.$$" "$BIG"; }
# sigint QUERY: runs `stats` then QUERY on the big graph, sends SIGINT 0.7 s
# into QUERY, prints rc=, fast= (stopped within a second) and err=
sigint() { timeout 300 "$PY" tests/cli/sigint.py "$CG" "$BIG" "$1" 2>&1; }
S=$(sigint "centrality betweenness")
check_contains "SIGINT during a scripted query exits 130" "rc=130" "$S"
check_contains "SIGINT stops the query within a second" "fast=1" "$S"
check_contains "SIGINT is reported as an interrupted query" "err=-e:2:1: error: interrupted" "$S"
# ... and during a match (the same callback, polled every 1024 steps):
# six nodes in a row over 100,000 edges would run for minutes
S=$(sigint "match (a)--(b)--(c)--(d)--(e)--(f) return count(*)")
check_contains "SIGINT during a match exits 130" "rc=130" "$S"
check_contains "SIGINT stops a match within a second" "fast=1" "$S"
check_contains "SIGINT is reported as an interrupted match" "err=-e:2:1: error: interrupted" "$S"

# ---- progress of a long centrality on a terminal: after a second, one line
# "betweenness: N% (Ctrl-C stops)" rewritten in place; Ctrl-C stops it and
# the line is erased before the error; with -q, or stderr not a terminal,
# no progress at all (the SIGINT test above reads stderr from a pipe and
# gets the error line alone).
timeout 300 "$PY" - "$CG" "$BIG" >"$TMP/progress" 2>&1 <<'EOF'
import os, pty, select, signal, sys, time
cg, big = sys.argv[1], sys.argv[2]
def run(extra):
    pid, fd = pty.fork()
    if pid == 0:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execv(cg, [cg] + extra + ["-o", "tsv", "-e", "stats", "-e", "centrality betweenness", big])
    out, t_end, sent = b"", time.time() + 240, False
    while time.time() < t_end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not sent and (b"betweenness: " in out or (extra and time.time() > t_start + 3)):
            os.kill(pid, signal.SIGINT)
            sent = True
    _, st = os.waitpid(pid, 0)
    return out.decode(errors="replace"), os.WEXITSTATUS(st) if os.WIFEXITED(st) else -1
t_start = time.time()
out, rc = run([])
print("rc=%d" % rc)
print("progress=%d" % ("betweenness: " in out and "% (Ctrl-C stops)" in out))
print("erased=%d" % ("\r\x1b[K-e:2:1: error: interrupted" in out))
t_start = time.time()
out, rc = run(["-q"])
print("quiet_progress=%d" % ("betweenness: " in out))
EOF
S=$(cat "$TMP/progress")
check_contains "a long centrality on a terminal shows its progress" "progress=1" "$S"
check_contains "Ctrl-C during it exits 130" "rc=130" "$S"
check_contains "the progress line is erased before the error" "erased=1" "$S"
check_contains "-q shows no progress" "quiet_progress=0" "$S"

# Graph text never reaches a terminal raw: ESC and the C1 CSI (U+009B) in a
# name are escaped in every output format when standard output is a terminal.
printf 'nodes:\n  - {id: a, kind: person, name: "evil\\e[31mRED\\x9b"}\n' > "$TMP/esc.yaml"
for fmt in table tsv csv json; do
    script -qc "$CG -q -o $fmt -e nodes $TMP/esc.yaml" /dev/null > "$TMP/esc.$fmt" 2>&1
    if LC_ALL=C grep -q $'\x1b\|\xc2\x9b' "$TMP/esc.$fmt"; then
        notok "no raw terminal controls in $fmt output on a terminal" "$(od -c "$TMP/esc.$fmt" | head -5)"
    elif ! grep -q 'evil.*31mRED' "$TMP/esc.$fmt"; then   # it ran, and showed the name
        notok "no raw terminal controls in $fmt output on a terminal" "no name in the output:" "$(head -5 "$TMP/esc.$fmt")"
    else
        ok "no raw terminal controls in $fmt output on a terminal"
    fi
done

# A query longer than the 64 KiB limit is an error at its line; the script
# goes on after it with --keep-going; an endless continued line costs no
# memory beyond the limit.
"$PY" -c "import sys; sys.stdout.write('stats\n' + 'x'*200000 + '\nnodes senator\n')" > "$TMP/long.cgq"
run "$CG" -q -o tsv --keep-going -f "$TMP/long.cgq" tests/cli/tiny.yaml
check_contains "an over-long line is an error at its line" "long.cgq:2:1: error: query is longer than the limit of 65536 bytes" "$ERR"
check_rc "an over-long line fails the script" 1 "$RC"
check_contains "--keep-going goes on after an over-long line" "$(./casegraph -q -o tsv -e 'nodes senator' tests/cli/tiny.yaml 2>/dev/null || "$CG" -q -o tsv -e 'nodes senator' tests/cli/tiny.yaml)" "$OUT"
(yes 'path a b \' | head -c 30000000) > "$TMP/endless.cgq"
run /usr/bin/time -f '%M' "$CG" -q --keep-going -f "$TMP/endless.cgq" tests/cli/tiny.yaml
kb=$(tail -1 "$TMP/err")
[ "$RC" = 1 ] && [ "$kb" -lt 100000 ] && ok "a 30 MB continued line: one error, ${kb} KB peak" \
    || notok "a 30 MB continued line is bounded" "rc=$RC peak=${kb}KB" "$(head -3 "$TMP/err")"

# match > FILE: the nodes and edges behind the rows, anonymous ones included
# (the senators' 5 accused edges reach backpage: 3 senators + backpage)
run "$CG" -e "match (s:senator)-[r:accused]->(c) return s.name > $TMP/acc.json" graphs/backpage.yaml
check_eq "match > FILE.json writes the rows' subgraph" "0|wrote $TMP/acc.json (4 nodes, 5 edges)" "$RC|$ERR"
check_eq "the subgraph's nodes" "backpage mccaskill portman rubio" "$(/usr/bin/python3 -c 'import json,sys; print(" ".join(sorted(n["id"] for n in json.load(open(sys.argv[1]))["nodes"])))' "$TMP/acc.json")"
# a variable-length segment's edges and inner nodes, and limit: only the rows returned
run "$CG" -e "match (h {id: 'hawley'})-[*2]-(x:company) return x.id limit 1 > $TMP/p.dot" graphs/backpage.yaml
check_eq "match > FILE.dot: a trail's edges and nodes, of the rows kept" "0|wrote $TMP/p.dot (3 nodes, 2 edges)" "$RC|$ERR"
run "$CG" -e "match (s:senator) return s.party, count(*) > $TMP/party.csv" graphs/backpage.yaml
check_eq "match > FILE.csv writes the table" "0|wrote $TMP/party.csv (3 rows)|s.party,count(*)
D,1
R,1
,1" "$RC|$ERR|$(tr -d '\r' <"$TMP/party.csv")"
run "$CG" --safe -e "match (s) return s > $TMP/z.json" graphs/backpage.yaml
check_eq "--safe refuses match's redirection, exit 2, nothing written" "2|no file" "$RC|$([ -e "$TMP/z.json" ] && echo file || echo no file)"
