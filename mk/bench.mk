# make bench - casegraph against a bare libyaml parse, igraph alone and the
#   Python peers (networkx, python-igraph), in one run: tests/bench/run.sh
#   prints the table (BENCH_RUNS=N runs each, default 3; BENCH_PEERS=0 skips
#   the Python peers), then the `match` rows against Kùzu (tests/bench/match.sh;
#   `make bench BENCH=match` runs only those, BENCH=diff only the `diff` rows
#   (tests/bench/diff.sh: two versions of the big graph), BENCH=base only the others,
#   BENCH_KUZU=0 leaves Kùzu out), then the `communities` rows against
#   python-igraph (tests/bench/communities.sh; BENCH=communities alone).
#   The generated graphs stay in tests/bench/data/.
#   Not part of `make test`: it takes a few minutes.
# `=`, not `:=`: PKG_CFLAGS is computed when first used (Makefile)
BENCH_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -O2 -g $(PKG_CFLAGS) -Isrc
BENCH_TOOLS  := build/bench/gen build/bench/yaml_parse build/bench/igraph_pagerank build/bench/spawn_time \
                build/bench/load_only build/bench/igraph_same build/bench/igraph_leiden

.PHONY: bench bench-tools

bench: casegraph bench-tools
	$(Q)./tests/deps.sh --bench || echo "bench: a peer's packages could not be installed; its rows say so" >&2
	$(Q)./tests/bench/run.sh

bench-tools: $(BENCH_TOOLS)

build/bench/gen build/bench/yaml_parse build/bench/igraph_pagerank build/bench/spawn_time build/bench/igraph_leiden: build/bench/%: tests/bench/%.c | build/bench
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $< $(LIBS)

build/bench/igraph_pagerank build/bench/igraph_leiden: tests/bench/edges.h

# these two link the loader itself
build/bench/load_only build/bench/igraph_same: build/bench/%: tests/bench/%.c $(LIB_OBJS) | build/bench
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

build/bench:
	$(Q)mkdir -p $@
