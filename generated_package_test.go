// In the shape mdatagen generates (see internal/metadata/generated_status.go).

package auth0receiver

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
