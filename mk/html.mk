# The page's script and style (SPEC 11, .html): src/html/page.js and
# src/html/page.css are kept as files, readable and testable on their own,
# and embedded into the binary at build time as build/gen/html_assets.h (byte
# arrays and the SHA-256 of each for the page's Content-Security-Policy;
# src/html/embed.sh, with od, awk and sha256sum only).
HTML_ASSETS := src/html/page.js src/html/page.css

build/gen/html_assets.h: src/html/embed.sh $(HTML_ASSETS) | build/gen
	@$(if $(Q),echo "  GEN     $@")
	$(Q)sh src/html/embed.sh $(HTML_ASSETS) >$@.tmp && mv $@.tmp $@

# every build of export_html.c includes it
build/export_html.o build/asan/export_html.o build/tsan/export_html.o build/public/export_html.o \
build/fuzz/obj/export_html.o: build/gen/html_assets.h

build/gen:
	$(Q)mkdir -p $@
