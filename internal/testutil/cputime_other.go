//go:build !unix

package testutil

import "time"

// ProcessCPU is not measured here; the CPU metrics are then left out.
func ProcessCPU() time.Duration { return 0 }
