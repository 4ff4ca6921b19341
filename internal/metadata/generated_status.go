// This file has the shape mdatagen generates from metadata.yaml. mdatagen is not served by the
// module proxy this project builds with, so it is written by hand; TestStatusMatchesMetadataYAML
// keeps it in agreement with metadata.yaml.

// Package metadata contains the telemetry and build information for the receiver/auth0 component.
package metadata

import (
	"go.opentelemetry.io/collector/component"
)

var (
	Type      = component.MustNewType("auth0")
	ScopeName = "github.com/otelcol-auth0/auth0receiver"
)

const (
	LogsStability    = component.StabilityLevelDevelopment
	MetricsStability = component.StabilityLevelDevelopment
)
