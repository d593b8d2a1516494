# gleaner: make demo, make test. See README.md.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X github.com/gleanerhq/gleaner/internal/cli.Version=$(VERSION)
BIN      := bin/gleaner
CONFIG   ?= feeds.yaml
STATE    ?= gleaner.db
OUTPUT   ?= output
BENCHTIME ?= 1s

.PHONY: all build test demo run bench bench-scale fuzz eval lint fmt cover update-golden clean screenshot

all: lint test build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/gleaner

## test: vet, then every test with the race detector
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## demo: serve the bundled sample world on loopback and publish it into output/
demo: build
	./$(BIN) demo --output $(OUTPUT)

## run: one batch on the real feeds.yaml
run: build
	./$(BIN) run --config $(CONFIG) --state $(STATE) --output $(OUTPUT)

## bench: parse, extraction, store, publish and whole-run benchmarks; extraction also on one
## core next to readeck/go-readability (built with -tags compare); then bench-scale
bench:
	$(GO) test -run '^$$' -bench . -skip '^BenchmarkScale$$' -benchmem -benchtime $(BENCHTIME) ./...
	$(GO) test -tags compare -run '^$$' -bench 'Extract|Readeck' -benchmem -cpu 1 -benchtime $(BENCHTIME) ./internal/extract
	$(MAKE) --no-print-directory bench-scale

## bench-scale: one first and one unchanged run over a generated world of 1,000 sources × 30 items
## on loopback (wall, CPU, peak memory, requests and connections per host)
bench-scale:
	$(GO) test -run '^$$' -bench '^BenchmarkScale$$' -benchtime 1x -timeout 20m ./internal/pipeline

## fuzz: every Fuzz* target in the repo, one after the other, FUZZTIME each (seeds from testdata)
FUZZTIME ?= 10s
fuzz:
	@set -e; for f in $$(grep -rl --exclude-dir=.git --include='*_test.go' '^func Fuzz' .); do \
		pkg=$$(dirname $$f); \
		for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "fuzz $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

## eval: score extraction, prayer points and countries on the labelled corpus, per page and end to end
## (EVAL_CORPUS=../shared/corpus to score another corpus laid out the same way)
EVAL_CORPUS ?=
eval:
	$(GO) test -count=1 ./internal/extract ./internal/prayer ./internal/country -run 'TestEval' -eval -v 2>&1 | grep -v '^=== RUN' 
	$(GO) test -count=1 ./internal/eval -run TestEndToEnd -eval $(if $(EVAL_CORPUS),-corpus $(abspath $(EVAL_CORPUS)))

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

cover:
	$(GO) test -count=1 -coverprofile=cover.out ./... && $(GO) tool cover -func=cover.out | tail -1

## update-golden: rewrite every golden file from the current code
GOLDEN_PKGS := $(shell grep -l '"update", false' internal/*/*_test.go 2>/dev/null | xargs -r -n1 dirname | sort -u | sed 's|^|./|')
update-golden:
	$(GO) test $(GOLDEN_PKGS) -run . -update

## screenshot: render $(OUTPUT)/index.html with headless Chromium into $(OUTPUT)/index.png (run make demo first)
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
screenshot:
	@if [ -z "$(CHROMIUM)" ]; then echo "screenshot: chromium is not installed; skipped (apt-get install chromium)"; exit 0; fi; \
	if [ ! -f $(OUTPUT)/index.html ]; then echo "screenshot: no $(OUTPUT)/index.html; run make demo first"; exit 1; fi; \
	profile=$$(mktemp -d); \
	"$(CHROMIUM)" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --user-data-dir=$$profile \
		--screenshot=$(OUTPUT)/index.png --window-size=1280,1600 file://$(abspath $(OUTPUT))/index.html; \
	status=$$?; rm -rf $$profile; exit $$status

clean:
	rm -rf bin cover.out

## validate: publish the demo world into a temporary directory, then check every Atom, RSS and
## JSON feed with gleaner's own checks (internal/validate) and with independent validators
## (xmllint with RELAX NG schemas, feedparser, jsonschema); any error or warning fails. Installs
## nothing: prints the apt-get command when a tool is missing.
VALIDATE_PYTHON ?= /usr/bin/python3
.PHONY: validate
validate:
	@missing=""; \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	$(VALIDATE_PYTHON) -c 'import feedparser' >/dev/null 2>&1 || missing="$$missing python3-feedparser"; \
	$(VALIDATE_PYTHON) -c 'import jsonschema' >/dev/null 2>&1 || missing="$$missing python3-jsonschema"; \
	if [ -n "$$missing" ]; then echo "validate: missing tools; install them with: apt-get install -y$$missing"; exit 2; fi; \
	dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	$(GO) run ./cmd/gleaner demo --quiet --output "$$dir/output" --state "$$dir/state.db" >"$$dir/demo.log" 2>&1 \
		|| { cat "$$dir/demo.log"; echo "validate: gleaner demo failed"; exit 1; }; \
	status=0; \
	echo "== gleaner's own checks (internal/validate)"; \
	$(GO) test -count=1 ./internal/validate -run '^TestDemoFeeds$$' -v -dir "$$dir/output" >"$$dir/own.log" 2>&1 || status=1; \
	grep -v '^=== RUN' "$$dir/own.log"; \
	echo "== independent validators"; \
	$(VALIDATE_PYTHON) internal/validate/independent.py "$$dir/output" || status=1; \
	exit $$status
