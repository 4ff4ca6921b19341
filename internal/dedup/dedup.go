// Package dedup remembers the log_ids delivered recently, so that an event reaching the receiver
// twice (an at-least-once webhook, the webhook and the pull both, a retried request) is delivered
// once. It is bounded: the oldest ids are forgotten first.
package dedup

import (
	"hash/maphash"
	"sync"
)

// Set is a bounded set of ids, safe for concurrent use. It stores 64-bit hashes, not the ids
// (about 40 bytes an entry instead of more than 100 for a 56-digit log_id).
type Set struct {
	mu      sync.Mutex
	seed    maphash.Seed
	index   map[uint64]uint64 // hash -> generation of its slot in ring
	ring    []uint64          // hashes in insertion order; ring[gen % len] is the oldest when full
	nextGen uint64
}

// New returns a set that remembers up to capacity ids.
func New(capacity int) *Set {
	if capacity < 1 {
		capacity = 1
	}
	return &Set{
		seed:  maphash.MakeSeed(),
		index: make(map[uint64]uint64, capacity),
		ring:  make([]uint64, capacity),
	}
}

// Add records id and reports whether it was new. An id that was added and not removed since is
// reported as a repeat until capacity newer ids have pushed it out. The empty id is always new:
// an event without a log_id cannot be recognised again, so it is delivered.
func (s *Set) Add(id string) bool {
	if id == "" {
		return true
	}
	h := maphash.String(s.seed, id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, seen := s.index[h]; seen {
		return false
	}
	slot := s.nextGen % uint64(len(s.ring))
	if s.nextGen >= uint64(len(s.ring)) {
		// Evict the slot's previous owner unless it was removed (and maybe re-added) since.
		old := s.ring[slot]
		if gen, ok := s.index[old]; ok && gen == s.nextGen-uint64(len(s.ring)) {
			delete(s.index, old)
		}
	}
	s.ring[slot] = h
	s.index[h] = s.nextGen
	s.nextGen++
	return true
}

// Remove forgets id, so that a later delivery of it is accepted: for events whose delivery
// failed and that the sender will send again.
func (s *Set) Remove(id string) {
	h := maphash.String(s.seed, id)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.index, h)
}

// Len is the number of ids remembered.
func (s *Set) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.index)
}
