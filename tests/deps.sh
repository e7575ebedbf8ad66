#!/usr/bin/env bash
# tests/deps.sh - `make deps`: installs with apt-get what casegraph needs to
# build, run and test, when it is missing, and nothing that is already there.
# `make run` and `make test` go through it.  Debian 12.
#
# Each dependency is one line in the table below: a check, what it checks,
# the Debian package that provides it, and why we need it.
#   cmd  NAME    a program on PATH (type -P NAME: builtins do not count)
#   file PATH    a file that exists (a glob matches at least one file)
#   pc   NAME    a pkg-config module (pkg-config --exists NAME)
#   py   MODULE  a module that /usr/bin/python3 imports: the interpreter the
#                tests (tests/lib.sh) and make bench run, whatever python3
#                comes first on PATH (a pyenv or venv one has its own modules)
# `tests/deps.sh --list` prints the table; `--check` reports what is missing
# and installs nothing (exit 1 if something is); `--bench` adds the lines
# marked `bench` (what only make bench needs: `make bench` passes it), and
# `--office` the lines marked `office` (make test-office).
set -u
PY=/usr/bin/python3
arch=$(uname -m)

deps() {
    # build
    need cmd  cc                  gcc              "compiles casegraph (build-essential has it)"
    need cmd  make                make             "builds casegraph"
    need cmd  pkg-config          pkg-config       "gives the libraries' compiler flags (Makefile)"
    need pc   igraph              libigraph-dev    "graph algorithms (igraph 0.10)"
    need pc   yaml-0.1            libyaml-dev      "the loader's YAML parser"
    need pc   readline            libreadline-dev  "the REPL's line editing and history"
    # run
    need cmd  dot                 graphviz         "renders pictures (.svg .png .pdf); the tests read DOT exports with it"
    # tests (the suites, tests/ci, make valgrind, make fuzz, make bench)
    need file "/usr/lib/$arch-linux-gnu/libasan.so.*"  libasan8  "AddressSanitizer runtime of gcc (casegraph-asan)"
    need file "/usr/lib/$arch-linux-gnu/libubsan.so.*" libubsan1 "UndefinedBehaviorSanitizer runtime of gcc (casegraph-asan)"
    need file "/usr/lib/$arch-linux-gnu/libtsan.so.*"  libtsan2  "ThreadSanitizer runtime of gcc (casegraph-tsan)"
    need file /usr/bin/time       time             "peak memory of a run (loader and cli suites, make bench)"
    need cmd  kill                procps           "/bin/kill, which expect scripts run (repl suite)"
    need cmd  timeout             coreutils        "bounds every test run"
    need cmd  script              bsdutils         "runs casegraph on a terminal (cli suite)"
    need cmd  cmp                 diffutils        "compares outputs (cmp, diff)"
    need cmd  awk                 mawk             "test arithmetic and filters"
    need cmd  xmllint             libxml2-utils    "validates GraphML exports against the schema (export, queries suites)"
    need cmd  expect              expect           "drives the REPL through a pseudo-terminal (repl suite, make valgrind)"
    need cmd  valgrind            valgrind         "make valgrind"
    need cmd  clang               clang            "builds the libFuzzer targets (make fuzz, part of make test)"
    need file "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-$arch.a" \
                                  libclang-rt-14-dev "libFuzzer, for Debian's clang 14 (make fuzz)"
    need cmd  git                 git              "the README's git recipes for casegraph diff, in a scratch repository (diff suite)"
    need cmd  bc                  bc               "the arithmetic of make bench's table"
    need file "$PY"               python3          "generates test graphs, reads exports back (tests, make bench)"
    need py   networkx            python3-networkx "reads GraphML exports back (export suite); a timed peer (make bench)"
    need py   igraph              python3-igraph   "reads GraphML exports back (export suite); a timed peer (make bench)"
    need py   yaml                python3-yaml     "reads YAML exports back (export suite); loads graphs in make bench"
    need cmd  chromium            chromium         "the .html page in a real, headless browser (html suite)"
    need cmd  cmark-gfm           cmark-gfm        "renders the .md exports to check footnotes and escaping (publish suite)"
    need cmd  node                nodejs           "runs playwright-core (html suite) and Kùzu: the database-load test of .cypher/.neo4j (publish suite), the peer of make bench's match rows"
    need cmd  npm                 npm              "installs playwright-core under build/html/ (html suite), kuzu@0.11.3 under build/test/ (publish suite) and build/bench/ (make bench)"
    # make test-office only (tests/deps.sh --office): heavy, so not part of make test
    office cmd soffice            libreoffice-calc-nogui "converts generated .ods/.xlsx to CSV for import (make test-office)"
}

missing=()      # Debian packages to install
py_mods=()      # "MODULE PACKAGE" pairs, checked in one python run
# a program on PATH (not a shell builtin: `kill` must be /bin/kill)
have() { type -P "$1" >/dev/null 2>&1; }
# bench KIND WHAT PKG WHY: a need of make bench alone (listed always; checked
# and installed only with --bench)
bench() {
    if [ "$mode" = list ]; then need "$@"; return; fi
    [ "$with_bench" = 1 ] && need "$@"
    return 0
}
# office KIND WHAT PKG WHY: a need of make test-office alone (listed always;
# checked and installed only with --office)
office() {
    if [ "$mode" = list ]; then need "$@"; return; fi
    [ "$with_office" = 1 ] && need "$@"
    return 0
}
need() {
    local kind=$1 what=$2 pkg=$3 why=$4
    if [ "$mode" = list ]; then printf '%-5s %-20s %-20s %s\n' "$kind" "$what" "$pkg" "$why"; return; fi
    case "$kind" in
        cmd)  have "$what" || missing+=("$pkg") ;;
        file) compgen -G "$what" >/dev/null || missing+=("$pkg") ;;
        pc)   have pkg-config && pkg-config --exists "$what" 2>/dev/null || missing+=("$pkg") ;;
        py)   py_mods+=("$what $pkg") ;;
        *)    echo "tests/deps.sh: unknown check '$kind'" >&2; exit 2 ;;
    esac
}

mode=install with_bench=0 with_office=0
for arg in "$@"; do
    case "$arg" in
        --list) mode=list ;;
        --check) mode=check ;;
        --bench) with_bench=1 ;;
        --office) with_office=1 ;;
        *) echo "usage: tests/deps.sh [--list | --check] [--bench] [--office]" >&2; exit 2 ;;
    esac
done
deps
[ "$mode" = list ] && exit 0

# the Python modules: one interpreter start for all of them
if [ ${#py_mods[@]} -gt 0 ]; then
    if [ -x "$PY" ]; then
        # prints the package of each module that does not import, then "done"
        out=$("$PY" - "${py_mods[@]}" 2>/dev/null <<'EOF'
import importlib, sys
for arg in sys.argv[1:]:
    mod, pkg = arg.split()
    try:
        importlib.import_module(mod)
    except Exception:
        print(pkg)
print("done")
EOF
        )
        case "$out" in
            done|*$'\n'done) for pkg in $out; do [ "$pkg" = done ] || missing+=("$pkg"); done ;;
            *) for m in "${py_mods[@]}"; do missing+=("${m#* }"); done ;;   # the interpreter itself fails
        esac
    else
        for m in "${py_mods[@]}"; do missing+=("${m#* }"); done
    fi
fi

[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$mode" = check ]; then
    echo "casegraph: missing packages: ${missing[*]}"
    exit 1
fi
echo "casegraph: installing missing packages: ${missing[*]}" >&2
SUDO=
if [ "$(id -u)" != 0 ]; then
    if have sudo; then SUDO=sudo; else
        echo "casegraph: run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2; then
    echo "casegraph: could not install; run: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
# what was installed must now pass its check
flags=(); [ "$with_bench" = 1 ] && flags+=(--bench); [ "$with_office" = 1 ] && flags+=(--office)
if ! "$0" --check "${flags[@]}" >&2; then
    echo "casegraph: still missing after apt-get install (see above)" >&2
    exit 1
fi
