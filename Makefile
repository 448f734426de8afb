# FKTP Desk. The README's two commands are `make run` and `make test`; both
# install missing Debian packages first (as root; otherwise they print the
# command to run).

GO        ?= go
TAGS      := migrated_fynedo
BIN       := bin
DATA      ?=
export LANG ?= en_US.UTF-8
# Keep Go's caches inside the user's home even under sudo-less CI shells.
export CGO_ENABLED := 1

.PHONY: run build test e2e vet fmt-check bench deps deps-test fuzz clean tools

run: deps build
	./$(BIN)/fktp $(if $(DATA),--data $(DATA))

build: deps
	@mkdir -p $(BIN)
	$(GO) build -tags $(TAGS) -o $(BIN)/fktp .
	CGO_ENABLED=0 $(GO) build -o $(BIN)/fktpctl ./cmd/fktpctl
	CGO_ENABLED=0 $(GO) build -o $(BIN)/pcare-sim ./cmd/pcare-sim

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

# Short fuzz runs of every parser of outside input.
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzRoundTrip -fuzztime=20s ./pcare/lzstring/
	$(GO) test -run='^$$' -fuzz=FuzzDecompress -fuzztime=20s ./pcare/lzstring/

bench: deps
	$(GO) test -tags $(TAGS) -run='^$$' -bench=. -benchmem ./...

deps:
	@./scripts/install-deps.sh

deps-test:
	@./scripts/install-deps.sh test

clean:
	rm -rf $(BIN)
