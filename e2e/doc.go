// Package e2e holds the end-to-end tests and benchmarks of the otelcol-auth0 distribution: they
// build it with ocb from builder-config.yaml, run the binary against an in-process Auth0 simulator
// and an in-process OTLP gRPC backend, and check what arrives. `go test -short` skips them;
// the benchmarks run only with AUTH0_BENCH_DISTRO=1 (make bench-distro).
package e2e
