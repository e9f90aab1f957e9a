# Commonplace — the two commands a newcomer needs are `make run` and `make test`.
# Both install what a fresh Debian/Ubuntu machine lacks (PostgreSQL server
# binaries; Chromium and Node packages for tests) with apt-get/npm when run as
# root, or print the exact command to run.

GO      ?= go
ADDR    ?= 127.0.0.1:8080
DATA    ?= ./data
ARGS    ?=
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# bash for `set -o pipefail` in the test recipe.
SHELL   := /bin/bash

# staticcheck, pinned (a release that knows Go 1.26), installed into bin/
# from the Go module proxy the first time `make lint` needs it.
STATICCHECK_VERSION := v0.8.2
STATICCHECK         := bin/staticcheck-$(STATICCHECK_VERSION)
# Every test event, for tools; the summary of skips is printed from it.
TEST_JSON           ?= bin/test.json

.PHONY: run test build vet lint fmt-check frontend frontend-check deps-postgres deps-chromium deps-node deps-xmllint deps-translate deps-epubcheck deps-pandoc ci clean bench bench-live

## run: start the service on the embedded PostgreSQL (or DATABASE_URL) and print its address
run: deps-postgres build
	./bin/commonplace serve --addr $(ADDR) --data $(DATA) $(ARGS)

## test: the whole suite, race detector on, against a throwaway PostgreSQL cluster;
## prints failed tests' output and every skipped test (under CI=true a skip fails)
test: deps-postgres deps-chromium deps-node deps-xmllint deps-translate deps-epubcheck deps-pandoc
	$(GO) vet ./...
	@mkdir -p $(dir $(TEST_JSON))
	@# ./server/ first: go test builds and starts packages in the order named, and the server
	@# package alone is two thirds of the suite; last in ./..., it started after the rest.
	set -o pipefail; $(GO) test -race -timeout 20m -json ./server/ ./... | tee $(TEST_JSON) | $(GO) run ./internal/cmd/testsummary
	cd frontend && npm test --silent

## lint: staticcheck (also over the tmbench-tagged benchmark) and `go mod tidy` must change nothing
lint: $(STATICCHECK)
	$(STATICCHECK) -tags tmbench ./...
	$(GO) vet -tags tmbench ./server/
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy"; exit 1; }

$(STATICCHECK):
	@mkdir -p bin
	GOBIN=$(CURDIR)/bin/.staticcheck $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/.staticcheck/staticcheck $@ && rmdir bin/.staticcheck

## build: the binary in ./bin, stamped with its commit (-buildvcs=auto wins over GOFLAGS)
build:
	$(GO) build -buildvcs=auto -o bin/commonplace ./cmd/commonplace

## bench: the hot-path benchmarks (figures go to docs/benchmarks.md)
bench: deps-postgres
	$(GO) test -run '^$$' -bench . -benchtime 3x ./collab/ ./versioning/
	$(GO) test -run '^$$' -bench . -benchtime 20x ./export/ ./markdown/mathml/
	$(GO) test -run '^$$' -bench BenchmarkExportEPUB100KB -benchtime 20x ./app/

## bench-live: the live-editing scenarios of issue 15 (figures go to docs/benchmarks-live.md):
## memory per idle connection in process, then every scenario of cmd/loadtest/run-benchmarks.sh
## on a fresh durable server (loopback only). Bounded: BENCH_LIVE_DURATION of typing per run and
## BENCH_LIVE_TIMEOUT for the whole; ONLY="many-docs-300 one-doc-200" runs some; PIN=0 unpinned.
BENCH_LIVE_DURATION ?= 20s
BENCH_LIVE_TIMEOUT  ?= 40m
bench-live: deps-postgres
	$(GO) test -run '^$$' -bench BenchmarkLiveIdleConn -benchtime 1x ./server/
	DURATION=$(BENCH_LIVE_DURATION) timeout $(BENCH_LIVE_TIMEOUT) cmd/loadtest/run-benchmarks.sh

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@# A built program must never be committed: one once slipped into a docs commit.
	@out=$$(git ls-files -z | LC_ALL=C xargs -0 grep -lsa -m1 "^$$(printf '\177')ELF"); if [ -n "$$out" ]; then echo "executables are committed:"; echo "$$out"; exit 1; fi

## frontend: rebuild the committed JS bundle from frontend/src
frontend: deps-node
	cd frontend && npm run build

## frontend-check: fail when frontend/dist is not what frontend/src builds
frontend-check: deps-node
	cd frontend && npm run check

## ci: what .ci/run does on a fresh clone
ci: fmt-check lint frontend-check test

deps-postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || [ -n "$$DATABASE_URL" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "Installing PostgreSQL server binaries (apt-get install postgresql)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	else echo "PostgreSQL server binaries are missing. Run: sudo apt-get install -y postgresql   (or set DATABASE_URL)"; exit 1; fi

deps-chromium:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "Installing Chromium for the browser tests (apt-get install chromium)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
	else echo "Chromium is missing for the browser tests. Run: sudo apt-get install -y chromium"; exit 1; fi

deps-xmllint:
	@if command -v xmllint >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libxml2-utils >/dev/null; \
	else echo "xmllint is missing for the XLIFF schema tests. Run: sudo apt-get install -y libxml2-utils"; exit 1; fi

# The real tools of the exchange-format tests: translate-toolkit (po2xliff, xliff2po,
# pocount and its Python API for /usr/bin/python3) and GNU gettext (msgfmt, msgcat,
# msgmerge, msgattrib).
deps-translate:
	@if command -v po2xliff >/dev/null 2>&1 && command -v msgfmt >/dev/null 2>&1 && /usr/bin/python3 -c 'import translate.storage.xliff' >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "Installing translate-toolkit and gettext for the exchange-format tests…"; \
		apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends translate-toolkit gettext >/dev/null; \
	else echo "translate-toolkit or gettext is missing. Run: sudo apt-get install -y translate-toolkit gettext"; exit 1; fi

# epubcheck checks every EPUB export (0 errors, 0 warnings). The tests run the jar with java:
# the /usr/bin/epubcheck wrapper of the Debian package fails.
deps-epubcheck:
	@if [ -f /usr/share/java/epubcheck.jar ] && command -v java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "Installing epubcheck for the EPUB export tests (apt-get install epubcheck)…"; \
		apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends epubcheck >/dev/null; \
	else echo "epubcheck is missing for the EPUB export tests. Run: sudo apt-get install -y epubcheck"; exit 1; fi

# pandoc converts Word documents on import (the service works without it and refuses DOCX).
deps-pandoc:
	@if command -v pandoc >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then echo "Installing pandoc for DOCX import (apt-get install pandoc)…"; \
		apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends pandoc >/dev/null; \
	else echo "pandoc is missing for the DOCX import tests. Run: sudo apt-get install -y pandoc"; exit 1; fi

deps-node:
	@if ! command -v npm >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
		else echo "Node.js and npm are missing. Run: sudo apt-get install -y nodejs npm"; exit 1; fi; fi
	@# npm ci again whenever the lock file is newer than what is installed.
	@for d in frontend collab/testdata/otjs; do \
		[ "$$d/node_modules/.package-lock.json" -nt "$$d/package-lock.json" ] || (cd $$d && npm ci --no-audit --no-fund --silent) || exit 1; \
	done

clean:
	rm -rf bin
