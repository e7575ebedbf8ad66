#!/usr/bin/env bash
# The REPL through a real terminal (expect drives a pseudo-terminal): prompt,
# banner, queries, errors, continuation prompt, Tab completion, Ctrl-C on a
# half-typed line and during a long query, history across sessions, Ctrl-D.
# Every wait has a timeout, so a broken REPL fails a check instead of hanging.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
G="$ROOT/tests/cli/tiny.yaml"
TAB=$'\t'

if ! command -v expect >/dev/null 2>&1; then
    notok "expect is installed (needed to test the REPL; tests/deps.sh installs it)"
    exit 0
fi

export HOME="$TMP/home" XDG_STATE_HOME="$TMP/state" INPUTRC=/dev/null TERM=xterm
mkdir -p "$HOME"
HIST="$XDG_STATE_HOME/casegraph/history"

# The expect prelude: spawn casegraph ARGS on a 200-column terminal; `want`
# waits for a literal text, `wantre` for a regexp, `bad` fails on a text;
# `leave` sends Ctrl-D and checks exit status 0.  Always wait for the prompt
# before typing: keys sent while a query runs reach a terminal in cooked mode,
# where Ctrl-D is the line discipline's EOF and may be lost when readline
# switches modes.
cat >"$TMP/prelude.exp" <<'EOF'
set timeout 10
set stty_init "rows 40 columns 200"
log_user 1
proc fail {msg} { puts "\nFAIL: $msg"; exit 1 }
proc want {text} {
    expect -ex $text {} timeout { fail "timeout waiting for: $text" } eof { fail "eof waiting for: $text" }
}
proc wantre {re} {
    expect -re $re {} timeout { fail "timeout waiting for /$re/" } eof { fail "eof waiting for /$re/" }
}
# want text, but fail if `no` shows up first
proc wantnot {text no} {
    expect -ex $no { fail "unexpected: $no" } -ex $text {} timeout { fail "timeout waiting for: $text" } eof { fail "eof waiting for: $text" }
}
proc leave {} {
    send "\004"
    expect eof {} timeout { fail "Ctrl-D did not end the REPL" }
    set r [wait]
    if {[lindex $r 3] != 0} { fail "exit status [lindex $r 3] after Ctrl-D" }
}
set prompt "casegraph> "
EOF

# xtest NAME: run the expect script on standard input after the prelude
xtest() {
    local name=$1 f="$TMP/x$((++XN)).exp"
    { cat "$TMP/prelude.exp"; cat; } >"$f"
    timeout 300 expect -f "$f" >"$f.log" 2>&1
    local rc=$?
    if [ $rc -eq 0 ]; then ok "$name"
    else notok "$name" "expect exited $rc; transcript:" "$(tail -n 25 "$f.log" | cat -v)"; fi
}
XN=0

xtest "the REPL shows the banner and the prompt, runs a query, Ctrl-D exits 0" <<EOF
spawn $CG $G
want "4 nodes, 3 edges, 1 source"
want "type \"help\""
want \$prompt
send "nodes senator\r"
want "Bob Jones"
want "(1 row"
want \$prompt
leave
EOF

xtest "-q: no banner" <<EOF
spawn $CG -q $G
expect -ex "type \"help\"" { fail "banner with -q" } -ex \$prompt {} timeout { fail "no prompt" }
send "quit\r"
expect eof {} timeout { fail "quit did not leave" }
set r [wait]
if {[lindex \$r 3] != 0} { fail "quit: exit status [lindex \$r 3]" }
EOF

xtest "an error in the REPL reads 'error: MESSAGE' (no location) and the REPL goes on" <<EOF
spawn $CG -q $G
want \$prompt
send "show nosuch\r"
wantre "\[\r\n]error: \[^\r\n]*nosuch"
want \$prompt
send "nodes company\r"
want "Acme Corp"
want \$prompt
leave
EOF

xtest "a trailing backslash shows the continuation prompt and joins the lines" <<EOF
spawn $CG -q $G
want \$prompt
send "nodes \\\\\r"
want "      ...> "
send "senator\r"
want "Bob Jones"
want \$prompt
leave
EOF

xtest "Tab completes a command and a node id" <<EOF
spawn $CG -q $G
want \$prompt
send "sho\t"
want "show "
send "ali\t"
want "alice "
send "\r"
want "Alice Smith"
want \$prompt
send "neighbors ca\t\r"
want "Acme Corp"
want \$prompt
leave
EOF

xtest "Tab completes a quoted name with its closing quote" <<EOF
spawn $CG -q $G
want \$prompt
send "show \"Bob J\t"
want "Bob Jones\" "
send "\r"
want "senator"
wantnot \$prompt "error:"
leave
EOF

xtest "Tab completes clause keywords, kinds and types" <<EOF
spawn $CG -q -o tsv $G
want \$prompt
send "nodes sena\t\r"
want "Bob Jones"
want \$prompt
send "neighbors acme vi\t"
want "via "
send "inv\t\r"
wantnot "bob" "error:"
wantnot \$prompt "alice"
leave
EOF

mkdir -p "$TMP/outdir_q7"
xtest "Tab completes file names after >" <<EOF
spawn $CG -q $G
want \$prompt
send "nodes senator > $TMP/outdir_\t"
want "outdir_q7/"
send "n.csv\r"
want \$prompt
leave
EOF
check_eq "the completed file name was written" "id,kind,name
bob,senator,Bob Jones" "$(tr -d '\r' <"$TMP/outdir_q7/n.csv" 2>&1)"

xtest "Tab completes file names after export and load" <<EOF
spawn $CG -q $G
want \$prompt
send "export $TMP/outdir_\t"
want "outdir_q7/"
send "\003"
want \$prompt
send "load $ROOT/tests/cli/tin\t"
want "tiny.yaml "
send "\003"
want \$prompt
leave
EOF

xtest "with standard output redirected, the prompt goes to the terminal (stderr)" <<EOF
spawn sh -c "exec $CG -q -o tsv $G >$TMP/redirected.out"
want \$prompt
send "nodes senator\r"
want \$prompt
leave
EOF
check_eq "redirected standard output holds only the results" "id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones" "$(cat "$TMP/redirected.out" 2>&1)"

xtest "Ctrl-C clears a half-typed line; the REPL stays" <<EOF
spawn $CG -q $G
want \$prompt
send "bogus half typed"
after 200
send "\003"
want \$prompt
send "nodes company\r"
wantnot "Acme Corp" "error:"
want \$prompt
send "nodes \\\\\r"
want "...> "
send "sen"
after 200
send "\003"
want \$prompt
send "nodes company\r"
wantnot "Acme Corp" "error:"
want \$prompt
leave
EOF

BIG="$(dirname "$TMP")/big.yaml"   # shared by cli.sh and repl.sh, made once
[ -s "$BIG" ] || { sh tests/cli/gen-big.sh 20000 100000 >"$BIG.$$" && mv "$BIG.$$" "$BIG"; }
xtest "Ctrl-C stops a long query within a second; the REPL and the graph stay" <<EOF
spawn $CG -q $BIG
set timeout 240
want \$prompt
send "centrality betweenness\r"
after 1500
set t0 [clock milliseconds]
send "\003"
set timeout 5
want "interrupted"
want \$prompt
set dt [expr {[clock milliseconds] - \$t0}]
if {\$dt > 1000} { fail "the query took \$dt ms to stop" }
send "stats\r"
want "20000"
want \$prompt
leave
EOF

rm -rf "$XDG_STATE_HOME"
xtest "history: the first session records queries" <<EOF
spawn $CG -q $G
want \$prompt
send "nodes senator\r"
want "Bob Jones"
want \$prompt
send "nodes senator\r"
want \$prompt
send "\r"
want \$prompt
send "   # just a comment\r"
want \$prompt
send "nodes company\r"
want "Acme Corp"
want \$prompt
leave
EOF
check_eq "history file: one line per query, no repeat of the previous line, no blank lines" "nodes senator
nodes company" "$(cat "$HIST" 2>&1)"
check_eq "history directory is created with mode 700, the file 600" "700 600" \
    "$(stat -c %a "$(dirname "$HIST")" 2>&1) $(stat -c %a "$HIST" 2>&1)"

cp "$HIST" "$TMP/hist.before"
xtest "--safe: the REPL works but keeps no history file" <<EOF
spawn $CG -q --safe $G
want \$prompt
send "nodes person\r"
want "Alice Smith"
want \$prompt
send "export $TMP/x.dot\r"
want "is refused"
want \$prompt
leave
EOF
check_eq "--safe: the history file is untouched and no file was written" "same no" \
    "$(cmp -s "$TMP/hist.before" "$HIST" && echo same) $([ -e "$TMP/x.dot" ] && echo yes || echo no)"

xtest "history: a second session recalls the first one's queries with Up" <<EOF
spawn $CG -q $G
want \$prompt
send "\033\[A\033\[A\r"
want "Bob Jones"
want \$prompt
leave
EOF
check_eq "history file after the second session" "nodes senator
nodes company
nodes senator" "$(cat "$HIST" 2>&1)"

seq 1 1005 | sed 's/^/nodes person # /' >"$HIST"
xtest "history: a long history is read" <<EOF
spawn $CG -q $G
want \$prompt
send "stats\r"
want \$prompt
leave
EOF
check_eq "history is capped at 1000 lines, newest kept" "1000|nodes person # 7|stats" \
    "$(wc -l <"$HIST" | tr -d ' ')|$(head -n 1 "$HIST")|$(tail -n 1 "$HIST")"

rm -rf "$XDG_STATE_HOME"; mkdir -p "$XDG_STATE_HOME"; touch "$XDG_STATE_HOME/casegraph"
xtest "an unusable history location warns but the REPL works" <<EOF
spawn $CG -q $G
want "warning:"
want \$prompt
send "nodes company\r"
want "Acme Corp"
want \$prompt
leave
EOF
rm -f "$XDG_STATE_HOME/casegraph"

unset XDG_STATE_HOME
xtest "without XDG_STATE_HOME the history goes to ~/.local/state/casegraph/history" <<EOF
spawn $CG -q $G
want \$prompt
send "nodes person\r"
want "Alice Smith"
want \$prompt
leave
EOF
check_eq "default history location" "nodes person" "$(cat "$HOME/.local/state/casegraph/history" 2>&1)"
export XDG_STATE_HOME="$TMP/state"

xtest "-i runs -e first, then the REPL" <<EOF
spawn $CG -q -i -o tsv -e "nodes senator" $G
want "Bob Jones"
want \$prompt
send "nodes company\r"
want "Acme Corp"
want \$prompt
leave
EOF

xtest "Ctrl-Z suspends the REPL; fg resumes it with the typed line intact" <<EOF
set env(PS1) "SH\\$ "
set env(HISTFILE) /dev/null
spawn bash --norc --noprofile -i
want "SH$ "
send "$CG -q $G\r"
want \$prompt
send "nodes sen"
after 300
send "\032"
want "SH$ "
send "fg\r"
want "nodes sen"
after 300
send "ator\r"
want "Bob Jones"
want \$prompt
send "\004"
want "SH$ "
send "exit\r"
expect eof {} timeout { fail "bash did not exit" }
EOF

xtest "SIGTERM while typing restores the terminal and ends casegraph by that signal" <<EOF
spawn $CG -q $G
want \$prompt
send "nod"
after 300
exec kill -TERM [exp_pid]
expect eof {} timeout { fail "SIGTERM did not end casegraph" }
set r [wait]
if {[lindex \$r 4] ne "CHILDKILLED" || [lindex \$r 5] ne "SIGTERM"} { fail "wait says: \$r" }
EOF

xtest "quit leaves the REPL with status 0" <<EOF
spawn $CG -q $G
want \$prompt
send "bogus\r"
want "error:"
want \$prompt
send "quit\r"
expect eof {} timeout { fail "quit did not leave" }
set r [wait]
if {[lindex \$r 3] != 0} { fail "quit: exit status [lindex \$r 3]" }
EOF

xtest "a trailing ; is ignored (inside quotes it is text); \\q leaves the REPL with status 0" <<EOF
spawn $CG -q -o tsv $G
want \$prompt
send "nodes senator ;  # psql habit\r"
wantnot "Bob Jones" "error:"
want \$prompt
send "show \"Bob Jones\";\r"
wantnot "Senator Jones" "error:"
want \$prompt
send "show \"bob;\"\r"
want "unknown node 'bob;'"
want \$prompt
send "\\\\q\r"
expect eof {} timeout { fail "\\\\q did not leave" }
set r [wait]
if {[lindex \$r 3] != 0} { fail "\\\\q: exit status [lindex \$r 3]" }
EOF

run "$CG" -q -o tsv -e 'nodes senator;' -e '\q' -e 'nodes company' "$G"
check_eq "in scripts a trailing ; is ignored and \\q stops the run (status 0)" "0|id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones|" "$RC|$OUT|$ERR"
printf 'nodes senator;\n.quit\nnodes company\n' >"$TMP/semi.cgq"
run "$CG" -q -o tsv -f "$TMP/semi.cgq" "$G"
check_eq "sqlite3's .quit leaves a script too" "0|id${TAB}kind${TAB}name
bob${TAB}senator${TAB}Bob Jones|" "$RC|$OUT|$ERR"

# Ctrl-C during load and export: a million-edge graph (62 MB) takes about 2 s
# to load and 1-2 s to export, 5-10 times that under ASan
HUGE="$(dirname "$TMP")/huge.yaml"   # made once, beside big.yaml
[ -s "$HUGE" ] || { sh tests/cli/gen-big.sh 200000 1000000 >"$HUGE.$$" && mv "$HUGE.$$" "$HUGE"; }
SMALL="$TMP/small.yaml"              # no id in common with $HUGE
printf 'casegraph: 1\nsources:\n  - {id: t1, title: t}\nnodes:\n  - {id: a, kind: person}\n  - {id: b, kind: person}\nedges:\n  - {from: a, to: b, type: sued, source: t1}\n' >"$SMALL"

xtest "Ctrl-C cancels a running load within a second; the graph is unchanged and the REPL stays" <<EOF
spawn $CG -q -o tsv $SMALL
want \$prompt
send "load $HUGE\r"
after 700
set t0 [clock milliseconds]
send "\003"
expect -ex "more nodes" { fail "the load finished" } -ex "interrupted; '$HUGE' was not loaded" {} timeout { fail "no 'interrupted'" }
want \$prompt
set dt [expr {[clock milliseconds] - \$t0}]
if {\$dt > 1000} { fail "the load took \$dt ms to stop" }
send "stats\r"
want "nodes\t2\r"
want \$prompt
send "load $HUGE\r"
set timeout 120
want \$prompt
send "stats\r"
want "nodes\t200002\r"
want \$prompt
leave
EOF

mkdir -p "$TMP/exp"; echo old >"$TMP/exp/old.dot"
xtest "Ctrl-C cancels a running export and a redirection; nothing is written" <<EOF
set timeout 120
spawn $CG -q $HUGE
want \$prompt
set timeout 10
send "export $TMP/exp/old.dot\r"
after 300
send "\003"
expect -ex "wrote" { fail "the export finished" } -ex "interrupted; nothing was written: '$TMP/exp/old.dot' is as it was" {} timeout { fail "no 'interrupted'" }
want \$prompt
send "export $TMP/exp/new.graphml\r"
after 300
send "\003"
expect -ex "wrote" { fail "the export finished" } -ex "interrupted; nothing was written" {} timeout { fail "no 'interrupted'" }
want \$prompt
send "edges > $TMP/exp/edges.tsv\r"
after 300
send "\003"
expect -ex "wrote" { fail "the redirection finished" } -ex "interrupted" {} timeout { fail "no 'interrupted'" }
want \$prompt
leave
EOF
check_eq "after Ctrl-C the old file is kept and no new or temporary file is left" "old.dot|old" \
    "$(cd "$TMP/exp" && ls -A | tr '\n' ' ' | sed 's/ $//')|$(cat "$TMP/exp/old.dot")"

# a script: the first Ctrl-C cancels the load, the run stops with status 130
cat >"$TMP/sigint.py" <<'EOF'
import signal, subprocess, sys, time
p = subprocess.Popen(sys.argv[2:], stderr=subprocess.PIPE,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
time.sleep(float(sys.argv[1]))
p.send_signal(signal.SIGINT)
err = p.communicate(timeout=60)[1].decode()
print("%d|%s" % (p.returncode, err.strip()))
EOF
check_eq "in a script Ctrl-C cancels a load: status 130, the next query does not run" \
    "130|-e:1:6: error: interrupted; '$HUGE' was not loaded and the graph is unchanged
    1 | load $HUGE
      |      ^" \
    "$(timeout 120 "$PY" "$TMP/sigint.py" 0.7 "$CG" -q -e "load $HUGE" -e stats "$SMALL" 2>&1)"

# A terminal wraps a paste in ESC[200~ ... ESC[201~ (bracketed paste, on by
# default in readline 8.2): readline inserts it whole, newlines included,
# and waits for Enter.  Each pasted line must still be a query of its own.
rm -rf "$XDG_STATE_HOME"
xtest "a paste of several lines runs them one per line (continuations join), as -f does" <<EOF
spawn $CG -q -o tsv $G
want \$prompt
send "\033\[200~nodes senator\rnodes \\\\\r  company  # a comment\rshow nosuch\rnodes person\r\033\[201~"
after 300
send "\r"
wantnot "Bob Jones" "error: unknown kind"
wantnot "Acme Corp" "error: unknown kind"
want "error: unknown node 'nosuch'"
want "Alice Smith"
want \$prompt
leave
EOF
check_eq "each pasted query is a line of its own in the history" "nodes senator
nodes   company
show nosuch
nodes person" "$(cat "$HIST" 2>&1)"

printf 'casegraph: 1\nsources:\n  - {id: s1}\nnodes:\n  - {id: ann, kind: senator, party: D, state: MO}\n  - {id: ben, kind: person}\nedges:\n  - {from: ann, to: ben, type: sued, source: s1}\n' >"$TMP/keys.yaml"
xtest "Tab completion knows the command: neighbors NODE offers its clauses only" <<EOF
spawn $CG -q $G
want \$prompt
send "neighbors acme \t\t"
want "depth"
expect -ex "force" { fail "force offered after neighbors NODE" } -ex "format" { fail "format offered" } -ex "alice" { fail "a node id offered after the node" } -ex "neighbors acme " {} timeout { fail "no listing" }
send "\003"
want \$prompt
send "neighbors \t\t"
want "alice"
expect -ex "depth" { fail "a clause offered before the node" } -ex "neighbors " {} timeout { fail "no listing" }
send "\003"
want \$prompt
send "neighbors acme depth 2 \t\t"
want "both"
expect -re {([^\r\n]*)\r\n} {} timeout { fail "no listing" }
set rest \$expect_out(1,string)
if {[string match "*depth*" \$rest]} { fail "depth offered twice: \$rest" }
if {![string match "*via*" \$rest]} { fail "no via in: \$rest" }
want "depth 2 "
send "\003"
want \$prompt
send "centrality pagerank to\t"
want "top "
send "\003"
want \$prompt
leave
EOF

xtest "Tab after where offers the attribute keys and id, kind, name, alias; after kind= the kinds" <<EOF
spawn $CG -q -o tsv $TMP/keys.yaml
want \$prompt
send "nodes where \t\t"
want "alias"
want "party"
want "state"
want "\${prompt}nodes where "
send "\003"
want \$prompt
send "nodes where al\t"
want "alias="
send "\003"
want \$prompt
send "nodes where par\t"
want "party="
send "D\r"
wantnot "ann" "error:"
want \$prompt
send "nodes where state=MO,kind=sen\t"
want "senator "
send "\r"
wantnot "ann" "error:"
want \$prompt
leave
EOF

xtest "the REPL shows the caret under what was typed, then the error" <<EOF
spawn $CG -q $G
want \$prompt
send "nodes senater\r"
wantre {nodes senater\r\n(\x1b\[\?2004l)?\r? {17}\^\r\nerror: unknown kind 'senater'; did you mean 'senator'\?}
want \$prompt
send "nodes where name=x \\\\\r"
want "...>"
send "   bogus\r"
wantre {bogus\r\n(\x1b\[\?2004l)?\r? {14}\^\r\nerror: unknown kind 'bogus'}
send "nodes \\\\\r"
want "...>"
send "   bogux \\\\\r"
want "...>"
send "   person\r"
wantre {error: unknown kind 'bogux'[^\r]*\r\n +2 \|    bogux \\\\\r\n +\|    \^}
want \$prompt
leave
EOF

xtest "Tab completes source ids after show source and edges ... source" <<EOF
spawn $CG -q $G
want \$prompt
send "show source \t"
want "s1 "
send "\r"
want "A source"
want \$prompt
send "edges source s\t"
want "s1 "
send "\003"
want \$prompt
leave
EOF

xtest "Tab completes the keys after with: aliases, a source's fields" <<EOF
spawn $CG -q -o tsv $G
want \$prompt
send "nodes with ali\t\r"
want "Senator Jones"
want \$prompt
send "sources with ur\t\r"
want "url"
want \$prompt
leave
EOF

xtest "Tab completes set's settings and values: pager, format line" <<EOF
spawn $CG -q $G
want \$prompt
send "set pa\t"
want "pager "
send "of\t"
want "off "
send "\r"
want \$prompt
send "set format l\t"
want "line "
send "\r"
want \$prompt
send "set\r"
want "value = line"
want "value = off"
want \$prompt
leave
EOF

# completion inside match patterns (doc/match.md §9), on the bundled case;
# each line is completed, then dropped with Ctrl-C, so these hold whether or
# not match runs.  A name takes nothing after it, a keyword a space.
GB="$ROOT/graphs/backpage.yaml"
xtest "Tab inside a match pattern: kinds after ( :, types after [ :, nothing appended" <<EOF
spawn $CG -q $GB
want \$prompt
send "match (a:sen\t)"
want "match (a:senator)"
send "\003"
want \$prompt
send "match ()-\[:su\t\t"
want "subpoenaed"
want "sued"
want "\${prompt}match ()-\[:su"
send "e\t\]"
want "ed\]"
send "\003"
want \$prompt
send "match ()-\[:sue\t\]"
want "match ()-\[:sued\]"
send "\003"
want \$prompt
send "match (a:senator|comp\t"
want "senator|company"
send "\003"
want \$prompt
send "match (a) where a:attorney_g\t"
want "a:attorney_general"
send "\003"
want \$prompt
leave
EOF

xtest "Tab after v.: a node's keys for its kinds, an edge's type date source and keys" <<EOF
spawn $CG -q $GB
want \$prompt
send "match (a:senator) where a.pa\t="
want "where a.party="
send "\003"
want \$prompt
send "match (a:senator)-\[r\]->(b) return r.da\t"
want "return r.date"
send "\003"
want \$prompt
send "match (a:bill) return a.\t\t"
want "aliases"
want "vote"
expect -ex "party" { fail "party offered for a bill" } -ex "\${prompt}match (a:bill) return a." {} timeout { fail "no listing" }
send "\003"
want \$prompt
send "match ()-\[r:sued\]-() return r.\t\t"
want "date"
want "source"
want "type"
want "\${prompt}match ()-\[r:sued\]-() return r."
send "\003"
want \$prompt
leave
EOF

xtest "Tab in match: keywords with a space, variables and functions, nothing in a string" <<EOF
spawn $CG -q $GB
want \$prompt
send "match (a:senator) wh\ta.name sta\twi\t'M"
want "a:senator) where a.name starts with 'M"
send "\003"
want \$prompt
send "match (a:senator)-->(b) return co\t"
want "return co"
send "u\t(b\t)"
want "unt(b)"
send "\003"
want \$prompt
send "match (a) return a order \t"
want "order by "
send "\003"
want \$prompt
send "match (a) where a.name = 'sen\t\tX"
expect -ex "senator" { fail "a kind offered inside a string" } -re {'sen\x07*X} {} timeout { fail "the line is not as typed" }
send "\003"
want \$prompt
send "match (a) where a.name = \"par\t\tX"
expect -ex "party" { fail "a key offered inside a string" } -re {"par\x07*X} {} timeout { fail "the line is not as typed" }
send "\003"
want \$prompt
leave
EOF

mkdir -p "$TMP/cyout_q9"
xtest "Tab in match: file names after the redirection, the pattern continued after a \\" <<EOF
spawn $CG -q $GB
want \$prompt
send "match (a:senator) return a > $TMP/cyout_\t"
want "cyout_q9/"
send "\003"
want \$prompt
send "match (a:senator) \\\\\r"
want "...> "
send "where a.pa\t"
want "where a.party"
send "\003"
want \$prompt
send "nodes sen\t"
want "nodes senator "
send "\003"
want \$prompt
leave
EOF

# tables fit a narrow terminal: cells cut on whole characters (wcwidth
# counts a CJK character as 2 columns), "…" added; never in tsv/csv/json,
# never when standard output is not a terminal
{
    printf 'casegraph: 1\nsources:\n  - {id: s1}\nnodes:\n'
    printf '  - {id: tokyo, kind: company, name: 東京都庁舎東京都庁舎東京都庁舎東京都庁舎}\n'
    printf '  - {id: umlaut, kind: person, name: Ünïcödé Wörd Wörd Wörd Wörd Wörd Wörd Wörd Wörd}\n'
    for i in 01 02 03 04 05 06 07 08 09 10; do printf '  - {id: n%s, kind: person}\n' $i; done
    printf 'edges:\n'
    for i in 01 02 03 04 05 06 07 08 09 10; do printf '  - {from: tokyo, to: n%s, type: sued, source: s1}\n' $i; done
    printf '  - {from: tokyo, to: umlaut, type: sued, source: s1}\n'
} >"$TMP/wide.yaml"
xtest "on a 40-column terminal long cells are shortened with …, whole UTF-8 characters, widest column first" <<EOF
set stty_init "rows 40 columns 40"
spawn $CG -q $TMP/wide.yaml
want \$prompt
send "nodes\r"
want "tokyo   company  東京都庁舎東京都庁舎東…\r\n"
want "umlaut  person   Ünïcödé Wörd Wörd Wörd…\r\n"
want \$prompt
send "components\r"
want "        1    12  n01,n02,n03,n04,n05,…\r\n"
want \$prompt
send "set format tsv\r"
want \$prompt
send "nodes\r"
want "tokyo\tcompany\t東京都庁舎東京都庁舎東京都庁舎東京都庁舎\r\n"
want \$prompt
send "set format csv\r"
want \$prompt
send "components\r"
want "n01;n02;n03;n04;n05;n06;n07;n08;n09;n10;tokyo;umlaut"
want \$prompt
leave
EOF
xtest "the same table written to a file (not a terminal) is not shortened" <<EOF
set stty_init "rows 40 columns 40"
spawn sh -c "exec $CG -q -e nodes $TMP/wide.yaml >$TMP/wide.out"
expect eof
EOF
check_contains "a file gets the whole cells" "umlaut  person   Ünïcödé Wörd Wörd Wörd Wörd Wörd Wörd Wörd Wörd" "$(cat "$TMP/wide.out")"

# the pager: PAGER is a script that records it ran and what it got
printf '#!/bin/sh\necho called >>"%s/pager.log"\ncat >"%s/paged.txt"\n' "$TMP" "$TMP" >"$TMP/pager.sh"
chmod +x "$TMP/pager.sh"
xtest "output longer than the screen goes through \$PAGER; short output and 'set pager off' do not" <<EOF
set stty_init "rows 10 columns 100"
set env(PAGER) $TMP/pager.sh
spawn $CG -q graphs
want \$prompt
send "nodes senator\r"
want "(3 rows)"
want \$prompt
if {[file exists $TMP/pager.log]} { fail "the pager ran for 3 rows" }
send "nodes\r"
want \$prompt
if {![file exists $TMP/pager.log]} { fail "the pager did not run for 51 rows" }
send "set pager off\r"
want \$prompt
send "nodes\r"
want "(51 rows)"
want \$prompt
send "set\r"
wantre "pager +off"
want \$prompt
leave
EOF
check_eq "the pager ran once and got the whole table" "called|(51 rows)" \
    "$(cat "$TMP/pager.log" 2>&1)|$(tail -n 1 "$TMP/paged.txt" 2>&1)"

run "$CG" -q -o line -e 'nodes senator' -e 'set format table' -e 'nodes senator' "$G"
check_eq "-o line: key = value lines, keys right-aligned, a blank line between records" "  id = bob
kind = senator
name = Bob Jones
id   kind     name
---  -------  ---------
bob  senator  Bob Jones
(1 row)" "$OUT"
run "$CG" -q -e 'set format line' -e 'nodes person' "$G"
check_eq "set format line" "  id = alice
kind = person
name = Alice Smith

  id = carol
kind = person
name = carol" "$OUT"
