package auth0receiver

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/extension/xextension/storage"
)

// failingReads is a storage extension whose reads fail, recording when each was tried.
type failingReads struct {
	component.StartFunc
	component.ShutdownFunc
	mu    sync.Mutex
	reads []time.Time
}

func (s *failingReads) GetClient(context.Context, component.Kind, component.ID, string) (storage.Client, error) {
	return failingReadsClient{s}, nil
}

type failingReadsClient struct{ s *failingReads }

func (c failingReadsClient) Get(context.Context, string) ([]byte, error) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.s.reads = append(c.s.reads, time.Now())
	return nil, errors.New("permission denied")
}
func (failingReadsClient) Set(context.Context, string, []byte) error          { return nil }
func (failingReadsClient) Delete(context.Context, string) error               { return nil }
func (failingReadsClient) Batch(context.Context, ...*storage.Operation) error { return nil }
func (failingReadsClient) Close(context.Context) error                        { return nil }

func (s *failingReads) times() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.reads...)
}

// With retry_on_failure disabled, an initial_interval of 0 is accepted; a failing checkpoint
// read must then be retried every poll_interval, not in a tight loop.
func TestDisabledRetriesNeverLoop(t *testing.T) {
	f := newFakeAuth0(t)
	cfg := testConfig(f)
	cfg.BackOffConfig.Enabled = false
	cfg.BackOffConfig.InitialInterval = 0
	cfg.PollInterval = 50 * time.Millisecond
	require.NoError(t, cfg.Validate())
	s := &failingReads{}
	id := storagetest.NewStorageID("failing")
	cfg.StorageID = &id
	startReceiver(t, cfg, consumertest.NewNop(), storagetest.NewStorageHost().WithExtension(id, s))

	require.Eventually(t, func() bool { return len(s.times()) >= 4 }, waitFor, time.Millisecond)
	reads := s.times()
	for i := 1; i < 4; i++ {
		assert.GreaterOrEqual(t, reads[i].Sub(reads[i-1]), 45*time.Millisecond, "read %d follows the last after poll_interval", i)
	}
	assert.Empty(t, f.calls(), "no request before the position is known")
}
