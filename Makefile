# attainment-gaps: the two commands a new user needs are `make demo` and `make test`.
#
#   make demo        install missing system packages, build (release), run the pipeline on the bundled synthetic
#                    LA (fixtures/demo) into out/demo, print the report's path
#   make test        unit tests, then the demo, then end-to-end checks of its outputs and of the Make graph
#   make test-browser  open every page of the demo report in headless Chromium: layout, print, console errors
#   make pipeline P=<name>   run pipelines/<name>.mk (your own LA's inputs; see README)
#   make fixtures    regenerate fixtures/demo from its seed
#   make clean       remove out/ (keeps the build)
#   make bench       ingest throughput and peak memory on large generated inputs (minutes; not part of make test)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
SWIFT ?= swift
BIN := .build/release
STAGES := gaps-ingest gaps-normalise gaps-aggregate gaps-render gaps-fixtures
BINARIES := $(addprefix $(BIN)/,$(STAGES))
SWIFT_INPUTS := Package.swift $(shell find Sources -type f 2>/dev/null)
APT_PACKAGES := libxml2-dev libcsv-dev pkgconf

.PHONY: demo test deps build pipeline fixtures unit-test check-demo test-browser clean bench

demo: deps build
	@$(MAKE) --no-print-directory -f pipelines/demo.mk report

pipeline: deps build
	@test -n "$(P)" || { echo "usage: make pipeline P=<name> (runs pipelines/<name>.mk)" >&2; exit 2; }
	@$(MAKE) --no-print-directory -f pipelines/$(P).mk report

test: deps unit-test demo check-demo

unit-test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

check-demo:
	tests/check-demo.sh

# Installs chromium and poppler-utils when missing; screenshots and PDFs go to out/browser/.
test-browser: demo
	tests/browser/run.sh

# Installs only what is missing; uses sudo when not root.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing" >&2; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >&2; \
	fi

build: $(BINARIES)

# One grouped target: a single `swift build` makes every binary. The binaries are touched so that Make sees
# them as new whenever any source changed, and reruns the stages that depend on them.
$(BINARIES) &: $(SWIFT_INPUTS)
	$(SWIFT) build -c release
	@touch $(BINARIES)

fixtures: build
	$(BIN)/gaps-fixtures --out fixtures/demo

clean:
	rm -rf out

# Writes benchmarks/results.md; inputs are generated into benchmarks/data/ (git-ignored). See docs/performance.md.
bench: deps
	benchmarks/run.sh
