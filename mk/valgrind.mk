# make valgrind - casegraph under valgrind memcheck (tests/valgrind.sh): every
# command, format and export, failing loads and scripts, --check on bad files,
# the REPL and a cancelled query; no errors and no definite leaks allowed.
.PHONY: valgrind
valgrind: casegraph
	$(Q)tests/valgrind.sh
