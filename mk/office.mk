# make test-office - the spreadsheet programs' own files through `casegraph
#   import`: tests/import/office.sh writes a sheet (flat ODS XML), has
#   LibreOffice make .ods and .xlsx of it, converts each back to CSV with the
#   one-line `soffice --headless --convert-to csv` of the README, and imports
#   that.  Separate from `make test` because LibreOffice is heavy (the
#   libreoffice-calc-nogui package and its dependencies, some 300 MB, which
#   tests/deps.sh --office installs when missing).
.PHONY: test-office

test-office: casegraph
	$(Q)./tests/deps.sh --office
	$(Q)./tests/import/office.sh
