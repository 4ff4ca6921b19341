# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
GO    ?= go
GOBIN ?= $(shell $(GO) env GOPATH)/bin

.PHONY: test vet fmt-check lint readme readme-check bench distro ocb run e2e bench-distro demo victoria-logs

# Every test, the race detector on; the same command CI runs (.ci/run). The end-to-end tests in
# e2e/ build the distribution with ocb first (minutes on a cold module cache, hence the timeout).
test: fmt-check vet lint readme-check
	$(GO) test -race -count=1 -timeout 25m ./...

vet:
	$(GO) vet ./...

fmt-check:
	@unformatted=$$(gofmt -l $$(find . -name '*.go' -not -path './dist/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

# golangci-lint with .golangci.yml (contrib's linters), installed into GOBIN unless that version
# is already there. `golangci-lint fmt` applies its formatters; `run --fix` what it can fix.
GOLANGCI_LINT_VERSION := v2.15.0
GOLANGCI_LINT         := $(GOBIN)/golangci-lint

lint:
	@if ! "$(GOLANGCI_LINT)" version 2>/dev/null | grep -q 'version $(GOLANGCI_LINT_VERSION:v%=%) '; then \
		echo "Installing golangci-lint $(GOLANGCI_LINT_VERSION) into $(GOBIN)"; \
		GOBIN="$(GOBIN)" $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION) || \
			{ echo "make lint: cannot install golangci-lint $(GOLANGCI_LINT_VERSION)" >&2; exit 1; }; \
	fi
	"$(GOLANGCI_LINT)" run ./...

# Rewrite the README's event-code table from internal/catalog.
readme:
	$(GO) run ./internal/catalog/cmd/readmegen

readme-check:
	$(GO) run ./internal/catalog/cmd/readmegen -check

# The benchmarks of BENCHMARKS.md.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The otelcol-auth0 distribution (builder-config.yaml), built with ocb into ./dist.
OCB_VERSION := v0.165.0
OCB         := $(GOBIN)/builder
DISTRO      := dist/otelcol-auth0
# What ends up in the binary: rebuild when any of it changes.
DISTRO_SRC  := builder-config.yaml go.mod go.sum $(shell find . -name '*.go' -not -name '*_test.go' \
	-not -path './dist/*' -not -path './e2e/*' -not -path './cmd/*' -not -path './examples/*')

# Install ocb unless the right version is already there.
ocb:
	@if ! "$(OCB)" version 2>&1 | grep -q '$(OCB_VERSION)'; then \
		echo "Installing ocb $(OCB_VERSION) into $(GOBIN)"; \
		GOBIN="$(GOBIN)" $(GO) install go.opentelemetry.io/collector/cmd/builder@$(OCB_VERSION); \
	fi

distro: $(DISTRO)

# ocb resolves the receiver's `path: .` from the current directory: run it from the root.
$(DISTRO): $(DISTRO_SRC) | ocb
	"$(OCB)" --config builder-config.yaml

# The README's first command: the distribution against AUTH0_DOMAIN/AUTH0_CLIENT_ID/
# AUTH0_CLIENT_SECRET when set, else against the Auth0 simulator; records on the console.
run: distro
	./examples/run.sh

# The simulator, VictoriaLogs and the distribution together; the records in VictoriaLogs' web UI.
demo: distro victoria-logs
	VICTORIALOGS_BIN="$(VICTORIALOGS)" ./scripts/demo.sh

# VictoriaLogs for `make demo` (the e2e tests install the same release when it is missing).
VICTORIALOGS_VERSION := v1.52.2
VICTORIALOGS         := $(GOBIN)/victoria-logs

victoria-logs:
	@if ! $(GO) version -m "$(VICTORIALOGS)" 2>/dev/null | grep -q 'VictoriaLogs[[:space:]]*$(VICTORIALOGS_VERSION)'; then \
		echo "Installing VictoriaLogs $(VICTORIALOGS_VERSION) into $(GOBIN)"; \
		GOBIN="$(GOBIN)" $(GO) install github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs@$(VICTORIALOGS_VERSION); \
	fi

# Only the end-to-end tests (they are part of `make test` too).
e2e:
	$(GO) test -race -count=1 -timeout 25m -v ./e2e/

# The distribution benchmarks of BENCHMARKS.md (minutes; not part of `make bench`).
bench-distro:
	AUTH0_BENCH_DISTRO=1 $(GO) test -run '^$$' -bench Distro -benchtime 1x -timeout 60m -v ./e2e/
