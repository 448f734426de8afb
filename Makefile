# FKTP Desk. The README's two commands are `make run` and `make test`; both
# install missing Debian packages first (as root; otherwise they print the
# command to run).

GO        ?= go
TAGS      := migrated_fynedo
BIN       := bin
DATA      ?=
VERSION_LDFLAGS := $(shell ./scripts/version-ldflags.sh)
export LANG ?= en_US.UTF-8
# Keep Go's caches inside the user's home even under sudo-less CI shells.
export CGO_ENABLED := 1

.PHONY: run build test e2e vet fmt-check bench gobench deps deps-test deps-dist dist dist-check fuzz clean tools

run: deps build
	./$(BIN)/fktp $(if $(DATA),--data $(DATA))

# The version is FyneApp.toml's (version/number.go is generated from it);
# the commit is stamped at link time.
build: deps
	@mkdir -p $(BIN)
	$(GO) generate ./version
	$(GO) build -tags $(TAGS) -ldflags "$(VERSION_LDFLAGS)" -o $(BIN)/fktp .
	CGO_ENABLED=0 $(GO) build -ldflags "$(VERSION_LDFLAGS)" -o $(BIN)/fktpctl ./cmd/fktpctl
	CGO_ENABLED=0 $(GO) build -ldflags "$(VERSION_LDFLAGS)" -o $(BIN)/pcare-sim ./cmd/pcare-sim

# Release artifacts for Linux and Windows (amd64) into dist/; see
# scripts/dist.sh. dist-check proves them: PE resources, install, a window.
dist: deps-dist
	GO=$(GO) ./scripts/dist.sh

dist-check: deps-dist
	GO=$(GO) ./scripts/dist-check.sh

test: deps-test fmt-check vet
	$(GO) test -tags $(TAGS) -count=1 ./...
	@# The headless tools must build without cgo (a server has no GL).
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/fktpctl ./cmd/pcare-sim

# The real app in a real (virtual) window, driven through a clinic's first
# day; refreshes docs/screens/. Needs root (see scripts/e2e.sh).
e2e:
	./scripts/e2e.sh

vet:
	$(GO) vet -tags $(TAGS) ./...

fmt-check:
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# Short fuzz runs of every parser of outside input: every FuzzXxx target in
# the module, FUZZTIME each (make fuzz FUZZTIME=1m for a longer hunt).
FUZZTIME  ?= 10s
fuzz:
	GO=$(GO) TAGS=$(TAGS) ./scripts/fuzz.sh $(FUZZTIME)

# The benchmark suite (issue 9): writes BENCHMARKS.md; about 5-7 minutes.
bench:
	./scripts/bench.sh

# The Go micro-benchmarks of every package.
gobench: deps
	$(GO) test -tags $(TAGS) -run='^$$' -bench=. -benchmem ./...

deps:
	@./scripts/install-deps.sh

deps-test:
	@./scripts/install-deps.sh test

deps-dist:
	@./scripts/install-deps.sh dist

clean:
	rm -rf $(BIN) dist
