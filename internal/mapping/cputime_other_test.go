//go:build !unix

package mapping

import "time"

// processCPU is not measured here; the CPU metrics are then left out.
func processCPU() time.Duration { return 0 }
