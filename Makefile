# casegraph - see README.md.  `make V=1` shows the commands.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/casegraph
MANDIR   = $(PREFIX)/share/man/man1

PKGS    := igraph yaml-0.1 readline
CC      ?= cc
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
ifeq ($(CI),true)
WARN    += -Werror
endif
# The libraries' flags come from pkg-config when a compile or link first needs
# them, not when make reads this file: `make run` and `make test` install the
# packages (`deps`) and only then build, in a second make.  A missing package
# is an error that names it, never empty flags (pkg-config prints nothing at
# all when any one of several packages is missing).
PKG_CONFIG ?= pkg-config
# the Debian package of each pkg-config name, for that error
PKG_DEB_igraph   := libigraph-dev
PKG_DEB_yaml-0.1 := libyaml-dev
PKG_DEB_readline := libreadline-dev
pkg_missing = $(if $(shell $(PKG_CONFIG) --version 2>/dev/null),,$(error pkg-config is not installed \
    (Debian package pkg-config); run `make deps`))$(strip $(foreach p,$(PKGS),$(if $(shell \
    $(PKG_CONFIG) --exists $(p) 2>/dev/null && echo yes),,$(p))))
pkg_check = $(if $(pkg_missing),$(error pkg-config does not find $(pkg_missing) (Debian: apt-get \
    install $(foreach p,$(pkg_missing),$(PKG_DEB_$(p)))); run `make deps` or install them))
pkg_flags = $(pkg_check)$(shell $(PKG_CONFIG) --$(1) $(PKGS))
# recursive, each computed once: PKG_CFLAGS, PKG_LIBS (mk/*.mk use them too)
PKG_CFLAGS = $(eval PKG_CFLAGS := $(call pkg_flags,cflags))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $(call pkg_flags,libs))$(PKG_LIBS)
ALL_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
              $(PKG_CFLAGS) -DCG_DATADIR='"$(DATADIR)"' -MMD -MP
LIBS        = $(PKG_LIBS) -lm

SRCS    := $(wildcard src/*.c)
OBJS    := $(SRCS:src/%.c=build/%.o)
ASAN_OBJS := $(SRCS:src/%.c=build/asan/%.o)
TSAN_OBJS := $(SRCS:src/%.c=build/tsan/%.o)
PUB_OBJS  := $(SRCS:src/%.c=build/public/%.o)
LIB_OBJS  := $(filter-out build/main.o,$(OBJS))

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all deps test test-fast asan tsan public-api install uninstall clean check run diagram

all: casegraph

deps:
	$(Q)./tests/deps.sh

casegraph: $(OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(OBJS) $(LIBS)

build/%.o: src/%.c | build
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: src/%.c | build/asan
	@$(if $(Q),echo "  CC-ASAN $<")
	$(Q)$(CC) $(ALL_CFLAGS) -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -c -o $@ $<

casegraph-asan: $(ASAN_OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -fsanitize=address,undefined -o $@ $(ASAN_OBJS) $(LIBS)

asan: casegraph-asan

build/tsan/%.o: src/%.c | build/tsan
	@$(if $(Q),echo "  CC-TSAN $<")
	$(Q)$(CC) $(ALL_CFLAGS) -O1 -fsanitize=thread -c -o $@ $<

casegraph-tsan: $(TSAN_OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -fsanitize=thread -o $@ $(TSAN_OBJS) $(LIBS)

# ThreadSanitizer over what runs on two threads (part of make test)
tsan: casegraph-tsan
	$(Q)./tests/tsan.sh

# The igraph fallback: the same program through igraph's public API only
# (igraph_create), as it would build on an igraph other than 0.10 (see
# CG_IGRAPH_INTERNALS in src/graph.h).  make test runs suites against it.
build/public/%.o: src/%.c | build/public
	@$(if $(Q),echo "  CC-PUB  $<")
	$(Q)$(CC) $(ALL_CFLAGS) -DCG_IGRAPH_PUBLIC_API -c -o $@ $<

casegraph-public: $(PUB_OBJS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(PUB_OBJS) $(LIBS)

public-api: casegraph-public

build build/asan build/tsan build/public:
	$(Q)mkdir -p $@

# Everything CI runs: the suites against ./casegraph and ./casegraph-asan,
# then each fuzz target for a bounded time (tests/ci).  `make test-fast`:
# the suites against ./casegraph only.
# (deps first, then a second make: it computes the flags with the packages
# in place, and nothing compiles while deps installs, even under -j)
SUBMAKE = $(MAKE) --no-print-directory
test: deps
	$(Q)$(SUBMAKE) casegraph
	$(Q)./tests/ci

test-fast: deps
	$(Q)$(SUBMAKE) casegraph
	$(Q)./tests/run

check: casegraph
	./casegraph --check graphs/

# The README's pictures, from queries/diagram.cgq
diagram: casegraph
	./casegraph -q -f queries/diagram.cgq graphs/

# The REPL on the bundled graphs (installs what is missing first).
run: deps
	$(Q)$(SUBMAKE) casegraph
	./casegraph

install: casegraph
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/graphs $(DESTDIR)$(MANDIR)
	install -m 755 casegraph $(DESTDIR)$(BINDIR)/casegraph
	install -m 644 graphs/*.yaml $(DESTDIR)$(DATADIR)/graphs/
	install -m 644 casegraph.1 $(DESTDIR)$(MANDIR)/casegraph.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/casegraph $(DESTDIR)$(MANDIR)/casegraph.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build casegraph casegraph-asan casegraph-tsan casegraph-public tests/tmp

# make bench, make fuzz, make valgrind and their helpers live in mk/
include $(wildcard mk/*.mk)

-include $(OBJS:.o=.d) $(ASAN_OBJS:.o=.d) $(TSAN_OBJS:.o=.d) $(PUB_OBJS:.o=.d)
