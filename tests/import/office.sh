#!/usr/bin/env bash
# tests/import/office.sh - `make test-office`: real spreadsheet files through
# `casegraph import`.  A node sheet and an edge sheet are written as flat ODS
# (XML, cell types explicit: text, numbers, booleans, a cell with a line
# break, quotes, a comma and non-ASCII text); LibreOffice (soffice, headless)
# saves each as .ods and as .xlsx; each of those goes back to CSV with the
# README's one line, and casegraph imports the CSVs.  Prints ok / not ok
# lines and "N passed, N failed"; exit 1 on a failure.
. "$(dirname "$0")/../lib.sh"
command -v soffice >/dev/null || { notok "soffice is installed (tests/deps.sh --office)"; echo "0 passed, 1 failed"; exit 1; }
cd "$TMP" || exit 2
export HOME=$TMP   # LibreOffice's profile goes here, not in the real home
pass=0 fail=0
tally() { case "$1" in "ok "*) pass=$((pass + 1)) ;; "not ok "*) fail=$((fail + 1)) ;; esac; printf '%s\n' "$1"; }

# fods NAME ROWS...: a one-sheet flat ODS document; each row is cells
# separated by '|', each cell TYPE:TEXT (s string, f float, b boolean)
fods() {
    local name=$1
    shift
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        # a boolean cell shows TRUE or FALSE (as a typed TRUE does in Calc) through a boolean style
        echo '<office:automatic-styles><number:boolean-style style:name="N99"><number:boolean/></number:boolean-style>'
        echo '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N99"/></office:automatic-styles>'
        echo '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        for row in "$@"; do
            echo '<table:table-row>'
            IFS='|' read -r -a cells <<<"$row"
            for c in "${cells[@]}"; do
                local t=${c%%:*} v=${c#*:}
                case "$t" in
                    s) printf '<table:table-cell office:value-type="string">'
                       printf '%s' "$v" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/\\n/<\/text:p><text:p>/g; s/^/<text:p>/; s/$/<\/text:p>/'
                       echo '</table:table-cell>' ;;
                    f) echo "<table:table-cell office:value-type=\"float\" office:value=\"$v\"><text:p>$v</text:p></table:table-cell>" ;;
                    b) echo "<table:table-cell table:style-name=\"ce1\" office:value-type=\"boolean\" office:boolean-value=\"$v\"><text:p>$v</text:p></table:table-cell>" ;;
                    e) echo '<table:table-cell/>' ;;
                esac
            done
            echo '</table:table-row>'
        done
        echo '</table:table></office:spreadsheet></office:body></office:document>'
    } >"$name.fods"
}
fods nodes 's:id|s:kind|s:name|s:aliases|s:badge|s:seats|s:active|s:share' \
    's:mccaskill|s:senator|s:McCaskill, Claire "Sen."|s:McCaskill;C\;M|s:007|f:2|b:true|e:' \
    's:bp|s:company|s:Backpage\nZürich 中|e:|e:|f:3|b:false|f:2.5'
fods edges 's:from|s:type|s:to|s:date|s:note' 's:mccaskill|s:investigated|s:bp|s:2017-08|s:a "quoted", note'

for fmt in ods xlsx; do
    mkdir -p "$fmt"
    for sheet in nodes edges; do
        # the spreadsheet program's own file, made from the sheet
        timeout 180 soffice --headless --convert-to "$fmt" --outdir "$fmt" "$sheet.fods" >"$fmt/$sheet.log" 2>&1
        [ -s "$fmt/$sheet.$fmt" ] || { tally "not ok - soffice makes $sheet.$fmt: $(tail -2 "$fmt/$sheet.log")"; continue; }
        # the README's one line, to CSV (UTF-8, comma, quotes: LibreOffice's defaults spelt out)
        (cd "$fmt" && timeout 180 soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' "$sheet.$fmt" >>"$sheet.log" 2>&1)
        [ -s "$fmt/$sheet.csv" ] && tally "ok - $fmt: soffice converts $sheet.$fmt to CSV" ||
            tally "not ok - $fmt: soffice converts $sheet.$fmt to CSV: $(tail -2 "$fmt/$sheet.log")"
    done
    run "$CG" import "$fmt/nodes.csv" "$fmt/edges.csv"
    if [ "$RC" != 0 ]; then tally "not ok - $fmt: import of LibreOffice's CSV (exit $RC): $ERR"; continue; fi
    tally "ok - $fmt: import of LibreOffice's CSV"
    printf '%s\n' "$OUT" >"$fmt/case.yaml"
    run "$CG" -q -o json -e "nodes with all" -e "edges with all" "$fmt/case.yaml"
    want='[{"id":"bp","kind":"company","name":"Backpage\nZürich 中","active":false,"aliases":[],"badge":null,"seats":3,"share":2.5},{"id":"mccaskill","kind":"senator","name":"McCaskill, Claire \"Sen.\"","active":true,"aliases":["McCaskill","C;M"],"badge":"007","seats":2,"share":null}]
[{"from":"mccaskill","type":"investigated","to":"bp","date":"2017-08","source":null,"note":"a \"quoted\", note"}]'
    [ "$OUT" = "$want" ] && tally "ok - $fmt: every cell comes through (quotes, comma, line break, UTF-8, text 007, numbers, booleans, ';' aliases)" ||
        tally "not ok - $fmt: the imported graph: expected $want, got $OUT"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
