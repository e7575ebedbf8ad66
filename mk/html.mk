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

# make page-picture - doc/page.png, the README's picture of the page: the
# case exported to .html, opened in headless chromium (the html suite's
# driver), McCaskill's panel open, "backpage" searched, an event hovered.
.PHONY: page-picture
page-picture: casegraph
	$(Q)mkdir -p build/html
	$(Q)[ -f build/html/node_modules/playwright-core/package.json ] || \
	    npm install --prefix build/html --no-audit --no-fund playwright-core@1.65.1 >build/html/npm.log
	$(Q)./casegraph -q -e "export build/html/backpage.html" graphs/
	$(Q)node tests/html/browser.mjs --name picture --shot doc/page.png --shot-click mccaskill \
	    --shot-search backpage --shot-zoom 3 --shot-hover 20 build/html/backpage.html >/dev/null
