// Package dedup remembers the log_ids delivered recently, so that an event reaching the receiver
// twice (an at-least-once webhook, the webhook and the pull both, a retried request) is delivered
// once. It tells a delivered id from one still in flight: an id counts as delivered only once the
// pipeline has accepted it (or refused it for good), so a second claimant of an id whose first
// delivery may still fail never drops it as a repeat.
//
// The delivered ids are bounded: the oldest are forgotten first. The ids in flight are as many as
// the requests being delivered hold.
package dedup

import (
	"context"
	"hash/maphash"
	"sync"
)

// State is what a claim found.
type State int

const (
	// Claimed: the caller now holds the id. It delivers the event, then calls Commit or Release.
	Claimed State = iota
	// Delivered: the pipeline accepted the event already: drop it.
	Delivered
	// InFlight: another caller holds the id and its outcome is not known yet.
	InFlight
)

// Set is a bounded set of delivered ids plus the ids in flight, safe for concurrent use. It
// stores 64-bit hashes, not the ids (about 40 bytes an entry instead of more than 100 for a
// 56-digit log_id).
type Set struct {
	mu      sync.Mutex
	seed    maphash.Seed
	index   map[uint64]uint64        // delivered: hash -> generation of its slot in ring
	ring    []uint64                 // delivered hashes in insertion order; ring[gen % len] is the oldest when full
	nextGen uint64                   //
	flying  map[uint64]chan struct{} // in flight: hash -> closed when resolved (nil until someone waits)
}

// New returns a set that remembers up to capacity delivered ids.
func New(capacity int) *Set {
	capacity = max(capacity, 1)
	return &Set{
		seed:   maphash.MakeSeed(),
		index:  make(map[uint64]uint64, capacity),
		ring:   make([]uint64, capacity),
		flying: make(map[uint64]chan struct{}),
	}
}

// Claim takes id for the caller unless it is delivered or in flight, without waiting. The empty
// id is always Claimed and never recorded: an event without a log_id cannot be recognized again.
func (s *Set) Claim(id string) State {
	if id == "" {
		return Claimed
	}
	h := maphash.String(s.seed, id)
	s.mu.Lock()
	defer s.mu.Unlock()
	state, _ := s.claimLocked(h, false)
	return state
}

// ClaimWait is Claim, but while another caller holds id it waits for that caller's outcome: it
// reports true when the caller now holds id (the first delivery failed, or there was none) and
// false when id was delivered. It returns ctx's error, holding nothing, when ctx ends first.
func (s *Set) ClaimWait(ctx context.Context, id string) (bool, error) {
	if id == "" {
		return true, nil
	}
	h := maphash.String(s.seed, id)
	for {
		s.mu.Lock()
		state, wait := s.claimLocked(h, true)
		s.mu.Unlock()
		if state != InFlight {
			return state == Claimed, nil
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

// claimLocked claims h when it is neither delivered nor in flight. For an id in flight, with
// wait set, it returns a channel closed when the holder resolves it.
func (s *Set) claimLocked(h uint64, wait bool) (State, <-chan struct{}) {
	if _, ok := s.index[h]; ok {
		return Delivered, nil
	}
	ch, ok := s.flying[h]
	if !ok {
		s.flying[h] = nil
		return Claimed, nil
	}
	if wait && ch == nil {
		ch = make(chan struct{})
		s.flying[h] = ch
	}
	return InFlight, ch
}

// Commit marks the claimed ids delivered: the pipeline accepted them, or refused them for good.
// Ids the caller does not hold are ignored.
func (s *Set) Commit(ids []string) { s.resolve(ids, true) }

// Release gives the claimed ids up undelivered, so that the next claimant (a waiting pull, the
// sender's redelivery) takes them. Ids the caller does not hold are ignored.
func (s *Set) Release(ids []string) { s.resolve(ids, false) }

func (s *Set) resolve(ids []string, delivered bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if id == "" {
			continue
		}
		h := maphash.String(s.seed, id)
		ch, ok := s.flying[h]
		if !ok {
			continue
		}
		delete(s.flying, h)
		if ch != nil {
			close(ch)
		}
		if delivered {
			s.rememberLocked(h)
		}
	}
}

// rememberLocked adds h to the delivered ids, evicting the oldest when full.
func (s *Set) rememberLocked(h uint64) {
	if _, ok := s.index[h]; ok {
		return
	}
	slot := s.nextGen % uint64(len(s.ring))
	if s.nextGen >= uint64(len(s.ring)) {
		// Evict the slot's previous owner unless it was re-added since (a newer generation).
		old := s.ring[slot]
		if gen, ok := s.index[old]; ok && gen == s.nextGen-uint64(len(s.ring)) {
			delete(s.index, old)
		}
	}
	s.ring[slot] = h
	s.index[h] = s.nextGen
	s.nextGen++
}

// Len is the number of delivered ids remembered.
func (s *Set) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.index)
}

// InFlight is the number of ids held by callers.
func (s *Set) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.flying)
}

// Waiting is the number of ids in flight that another caller waits for.
func (s *Set) Waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, ch := range s.flying {
		if ch != nil {
			n++
		}
	}
	return n
}
