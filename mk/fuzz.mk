# make fuzz - libFuzzer targets from tests/fuzz/*.c into build/fuzz/ (clang).
#   build/fuzz/fuzz_load, fuzz_query, fuzz_export, fuzz_cypher, fuzz_import
#   (spreadsheets for casegraph import), fuzz_diff (a fuzzed graph diffed
#   against a fixed one, both ways, and against itself), and seed corpora under
#   build/fuzz/corpus/<target>/.  Run one with tests/fuzz/ci.sh or by hand:
#   build/fuzz/fuzz_load -max_total_time=600 -jobs=1 build/fuzz/corpus/load
FUZZ_CC      ?= clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# `=`, not `:=`: PKG_CFLAGS is computed when first used (Makefile)
FUZZ_CFLAGS   = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) -O1 -g \
                $(PKG_CFLAGS) -DCG_DATADIR='"$(DATADIR)"' -DCG_FUZZING -MMD -MP
FUZZ_SRCS    := $(filter-out src/main.c,$(SRCS))
FUZZ_OBJS    := $(FUZZ_SRCS:src/%.c=build/fuzz/obj/%.o)
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: fuzz fuzz-corpus
.SECONDARY: $(FUZZ_OBJS)

fuzz: $(FUZZ_TARGETS) fuzz-corpus

build/fuzz/obj/%.o: src/%.c | build/fuzz/obj
	@$(if $(Q),echo "  CC-FUZZ $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJS) | build/fuzz/obj
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(LIBS)

build/fuzz/obj:
	$(Q)mkdir -p $@

# Seed corpora: graph files whole; query scripts and .test files split into
# one query per file.  Rebuilt each time (cheap); the fuzzer adds to them.
fuzz-corpus: | build/fuzz/obj
	$(Q)tests/fuzz/seed.sh build/fuzz/corpus

-include $(FUZZ_OBJS:.o=.d)
