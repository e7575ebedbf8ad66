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
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) \
              $(PKG_CFLAGS) -DCG_DATADIR='"$(DATADIR)"' -MMD -MP
LIBS        = $(PKG_LIBS) -lm

SRCS    := $(wildcard src/*.c)
OBJS    := $(SRCS:src/%.c=build/%.o)
ASAN_OBJS := $(SRCS:src/%.c=build/asan/%.o)
TSAN_OBJS := $(SRCS:src/%.c=build/tsan/%.o)
LIB_OBJS  := $(filter-out build/main.o,$(OBJS))

ifeq ($(V),1)
Q :=
else
Q := @
endif

.PHONY: all deps test test-fast asan tsan install uninstall clean check run diagram

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

build build/asan build/tsan:
	$(Q)mkdir -p $@

# Everything CI runs: the suites against ./casegraph and ./casegraph-asan,
# then each fuzz target for a bounded time (tests/ci).  `make test-fast`:
# the suites against ./casegraph only.
test: deps casegraph
	$(Q)./tests/ci

test-fast: deps casegraph
	$(Q)./tests/run

check: casegraph
	./casegraph --check graphs/

# The README's pictures, from queries/diagram.cgq
diagram: casegraph
	./casegraph -q -f queries/diagram.cgq graphs/

# The REPL on the bundled graphs (installs what is missing first).
run: deps casegraph
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
	rm -rf build casegraph casegraph-asan casegraph-tsan tests/tmp

# make bench, make fuzz, make valgrind and their helpers live in mk/
include $(wildcard mk/*.mk)

-include $(OBJS:.o=.d) $(ASAN_OBJS:.o=.d)
