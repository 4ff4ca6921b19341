package auth0receiver

import (
	"context"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/receiver"
)

// sharedReceivers hands out one receiver per configuration, whichever pipelines (logs, metrics)
// name it: one pull, one webhook, one checkpoint per receiver ID, as contrib's sharedcomponent
// does for receivers that serve several signals. The collector starts and stops each pipeline's
// instance; the shared receiver starts on the first Start and stops on the first Shutdown, and is
// then forgotten, so that a new collector configuration gets a new one.
type sharedReceivers struct {
	mu   sync.Mutex
	byID map[*Config]*sharedReceiver
}

var receivers = &sharedReceivers{byID: map[*Config]*sharedReceiver{}}

type sharedReceiver struct {
	*auth0Receiver
	startOnce, stopOnce sync.Once
	startErr, stopErr   error
	forget              func()
}

// get returns the receiver of cfg, creating it with set on first use.
func (s *sharedReceivers) get(cfg *Config, set receiver.Settings) (*sharedReceiver, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.byID[cfg]; ok {
		return r, nil
	}
	inner, err := newReceiver(cfg, set, nil)
	if err != nil {
		return nil, err
	}
	r := &sharedReceiver{auth0Receiver: inner}
	r.forget = func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.byID[cfg] == r {
			delete(s.byID, cfg)
		}
	}
	s.byID[cfg] = r
	return r, nil
}

func (r *sharedReceiver) Start(ctx context.Context, host component.Host) error {
	r.startOnce.Do(func() { r.startErr = r.auth0Receiver.Start(ctx, host) })
	return r.startErr
}

func (r *sharedReceiver) Shutdown(ctx context.Context) error {
	r.stopOnce.Do(func() {
		r.stopErr = r.auth0Receiver.Shutdown(ctx)
		r.forget()
	})
	return r.stopErr
}
