package signals

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ConfigKey is the receiver's configuration key of Config.
const ConfigKey = "security_signals"

// ErrUnknownSignal is wrapped by the error for a name that is not in the table.
var ErrUnknownSignal = errors.New("unknown security signal")

// Config is the security_signals section of the receiver's configuration.
type Config struct {
	// Enabled matches events against the table; false leaves every record as the code maps it.
	Enabled bool `mapstructure:"enabled"`
	// Exclude names signals (auth0.role_created, ...) that never match.
	Exclude []string `mapstructure:"exclude"`

	_ struct{}
}

// DefaultConfig has every signal on.
func DefaultConfig() Config { return Config{Enabled: true} }

// CheckNames returns an error wrapping ErrUnknownSignal that names every name not in the table.
func CheckNames(names []string) error {
	var unknown []string
	for _, n := range names {
		if _, ok := byName[n]; !ok {
			unknown = append(unknown, strconv.Quote(n))
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	return fmt.Errorf("%w %s (the names are in the README's Security signals table)", ErrUnknownSignal,
		strings.Join(unknown, ", "))
}

// Names returns every signal name, in table order.
func Names() []string {
	out := make([]string, len(table))
	for i := range table {
		out[i] = table[i].Name
	}
	return out
}
