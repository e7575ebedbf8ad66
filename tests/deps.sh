#!/usr/bin/env bash
# Installs what casegraph needs to build, run and test, when it is missing.
# Both README commands go through this step (make deps).  Debian 12.
set -u
need_pkgs=()
pc() { pkg-config --exists "$1" 2>/dev/null; }
have() { command -v "$1" >/dev/null 2>&1; }

have pkg-config || need_pkgs+=(pkg-config)
have cc || need_pkgs+=(gcc)
have make || need_pkgs+=(make)
pc igraph || need_pkgs+=(libigraph-dev)
pc yaml-0.1 || need_pkgs+=(libyaml-dev)
pc readline || need_pkgs+=(libreadline-dev)
have dot || need_pkgs+=(graphviz)
have xmllint || need_pkgs+=(libxml2-utils)
have expect || need_pkgs+=(expect)
have valgrind || need_pkgs+=(valgrind)
have clang || need_pkgs+=(clang)
# python3 with networkx/igraph/yaml: the exports are read back by the
# readers people use (tests) and the peers are timed (make bench).
if have python3; then
    python3 -c 'import networkx' 2>/dev/null || need_pkgs+=(python3-networkx)
    python3 -c 'import yaml' 2>/dev/null || need_pkgs+=(python3-yaml)
    python3 -c 'import igraph' 2>/dev/null || need_pkgs+=(python3-igraph)
else
    need_pkgs+=(python3 python3-networkx python3-yaml python3-igraph)
fi
# Debian's python3-* packages install for /usr/bin/python3; the tests use it.
[ -x /usr/bin/python3 ] || need_pkgs+=(python3)
[ -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] || need_pkgs+=(libclang-rt-14-dev)

if [ ${#need_pkgs[@]} -eq 0 ]; then
    exit 0
fi
# de-duplicate
mapfile -t need_pkgs < <(printf '%s\n' "${need_pkgs[@]}" | sort -u)
echo "casegraph: installing missing packages: ${need_pkgs[*]}" >&2
SUDO=
if [ "$(id -u)" != 0 ]; then
    if have sudo; then SUDO=sudo; else
        echo "casegraph: run as root: apt-get update && apt-get install -y ${need_pkgs[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}"; } >&2; then
    echo "casegraph: could not install; run: apt-get update && apt-get install -y ${need_pkgs[*]}" >&2
    exit 1
fi
