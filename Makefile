# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
GO    ?= go
GOBIN ?= $(shell $(GO) env GOPATH)/bin

.PHONY: test vet fmt-check readme readme-check bench

# Every test, the race detector on; the same command CI runs (.ci/run).
test: fmt-check vet readme-check
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

fmt-check:
	@unformatted=$$(gofmt -l $$(find . -name '*.go' -not -path './dist/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

# Rewrite the README's event-code table from internal/catalog.
readme:
	$(GO) run ./internal/catalog/cmd/readmegen

readme-check:
	$(GO) run ./internal/catalog/cmd/readmegen -check

# The benchmarks of BENCHMARKS.md.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
