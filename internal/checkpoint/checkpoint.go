// Package checkpoint keeps the receiver's position in the Auth0 log (the last delivered log_id)
// in a collector storage extension, so that a restart loses nothing and repeats nothing (a crash
// between the pipeline accepting a page and Save repeats that page), and beside it the ids
// delivered at shutdown (the webhook runs ahead of the position).
package checkpoint

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/xextension/storage"
)

// Store reads and writes one receiver's checkpoint.
type Store struct {
	client storage.Client // nil: the checkpoint lives in memory only
	key    string
	memory atomic.Pointer[string]
}

// deliveredSuffix makes the key of the delivered ids from the checkpoint's.
const deliveredSuffix = "/delivered"

// record is what is stored: JSON, so that fields can be added without breaking old checkpoints.
type record struct {
	LogID   string    `json:"log_id"`
	SavedAt time.Time `json:"saved_at"`
}

// Key is the storage key of a receiver's checkpoint: one per receiver ID and tenant, so that
// auth0/prod and auth0/staging, or a receiver pointed at another tenant, never share a position.
func Key(id component.ID, domain string) string {
	return "auth0_checkpoint/" + id.String() + "/" + domain
}

// New returns a store over client; a nil client keeps the checkpoint in memory, so it survives
// errors within a run but not a restart.
func New(client storage.Client, key string) *Store {
	return &Store{client: client, key: key}
}

// Open gets a storage client from the extension storageID names on host.
func Open(ctx context.Context, host component.Host, storageID, owner component.ID) (storage.Client, error) {
	ext, ok := host.GetExtensions()[storageID]
	if !ok {
		return nil, fmt.Errorf("storage: extension %q not found (add it to service.extensions)", storageID)
	}
	se, ok := ext.(storage.Extension)
	if !ok {
		return nil, fmt.Errorf("storage: extension %q is not a storage extension", storageID)
	}
	return se.GetClient(ctx, component.KindReceiver, owner, "")
}

// Load returns the stored log_id, or "" when none is stored.
func (s *Store) Load(ctx context.Context) (string, error) {
	if s.client == nil {
		if p := s.memory.Load(); p != nil {
			return *p, nil
		}
		return "", nil
	}
	data, err := s.client.Get(ctx, s.key)
	if err != nil {
		return "", fmt.Errorf("reading checkpoint: %w", err)
	}
	if len(data) == 0 {
		return "", nil
	}
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return "", fmt.Errorf("checkpoint %q is corrupt: %w", s.key, err)
	}
	return r.LogID, nil
}

// Save stores logID as the position to resume from.
func (s *Store) Save(ctx context.Context, logID string) error {
	if s.client == nil {
		s.memory.Store(&logID)
		return nil
	}
	data, err := json.Marshal(record{LogID: logID, SavedAt: time.Now().UTC()})
	if err != nil {
		return err
	}
	if err := s.client.Set(ctx, s.key, data); err != nil {
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	return nil
}

// Persistent reports whether what is saved outlives the run.
func (s *Store) Persistent() bool { return s.client != nil }

// LoadDelivered returns what SaveDelivered stored, or nil when nothing is (or in memory only).
func (s *Store) LoadDelivered(ctx context.Context) ([]byte, error) {
	if s.client == nil {
		return nil, nil
	}
	data, err := s.client.Get(ctx, s.key+deliveredSuffix)
	if err != nil {
		return nil, fmt.Errorf("reading the delivered ids: %w", err)
	}
	return data, nil
}

// SaveDelivered stores data, a snapshot of the delivered ids, for the next run.
func (s *Store) SaveDelivered(ctx context.Context, data []byte) error {
	if s.client == nil {
		return nil
	}
	if err := s.client.Set(ctx, s.key+deliveredSuffix, data); err != nil {
		return fmt.Errorf("writing the delivered ids: %w", err)
	}
	return nil
}

// Close releases the storage client.
func (s *Store) Close(ctx context.Context) error {
	if s.client == nil {
		return nil
	}
	return s.client.Close(ctx)
}
