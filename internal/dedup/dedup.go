// Package dedup remembers the log_ids delivered recently, so that an event reaching the receiver
// twice (an at-least-once webhook, the webhook and the pull both, a retried request) is delivered
// once. It tells a delivered id from one still in flight: an id counts as delivered only once the
// pipeline has accepted it (or refused it for good), so a second claimant of an id whose first
// delivery may still fail never drops it as a repeat.
//
// The delivered ids are bounded: the oldest are forgotten first. The ids in flight are as many as
// the requests being delivered hold. A persistent set's delivered ids outlive a restart through
// Snapshot and Restore.
package dedup

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"io"
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
	key     *[32]byte                // a persistent set's hash key; nil: maphash with seed, for this run only
	index   map[uint64]uint64        // delivered: hash -> generation of its slot in ring
	ring    []uint64                 // delivered hashes in insertion order; ring[gen % len] is the oldest when full
	nextGen uint64                   //
	flying  map[uint64]chan struct{} // in flight: hash -> closed when resolved (nil until someone waits)
}

// New returns a set that remembers up to capacity delivered ids, for this run.
func New(capacity int) *Set {
	capacity = max(capacity, 1)
	return &Set{
		seed:   maphash.MakeSeed(),
		index:  make(map[uint64]uint64, capacity),
		ring:   make([]uint64, capacity),
		flying: make(map[uint64]chan struct{}),
	}
}

// NewPersistent returns a set like New whose delivered ids Snapshot saves for Restore in a later
// run. Its hashes must mean the same then, so it hashes with a random key of its own (keyed
// SHA-256, which the snapshot carries) instead of maphash's per-process seed: a sender who
// cannot read the snapshot still cannot make an id collide with another.
func NewPersistent(capacity int) *Set {
	s := New(capacity)
	s.key = new([32]byte)
	_, _ = rand.Read(s.key[:]) // never fails (crypto/rand)
	return s
}

// snapshotMagic starts a snapshot: a name and a format version.
const snapshotMagic = "auth0dedup\x01"

// ErrBadSnapshot is Restore's error for data that Snapshot did not write.
var ErrBadSnapshot = errors.New("dedup: not a snapshot of delivered ids")

// Snapshot returns the delivered ids (their hashes, oldest first, with the key) for Restore; nil
// for a set made by New, whose hashes mean nothing to another process.
func (s *Set) Snapshot() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key == nil {
		return nil
	}
	out := make([]byte, 0, len(snapshotMagic)+len(s.key)+4+8*len(s.index))
	out = append(out, snapshotMagic...)
	out = append(out, s.key[:]...)
	count := len(out)
	out = append(out, 0, 0, 0, 0)
	var n uint32
	for gen := s.nextGen - min(s.nextGen, uint64(len(s.ring))); gen < s.nextGen; gen++ {
		h := s.ring[gen%uint64(len(s.ring))]
		if g, ok := s.index[h]; ok && g == gen { // still remembered, and not re-added since
			out = binary.LittleEndian.AppendUint64(out, h)
			n++
		}
	}
	binary.LittleEndian.PutUint32(out[count:], n)
	return out
}

// Restore returns a persistent set of capacity holding the delivered ids of snapshot, the newest
// capacity of them, with its key.
func Restore(capacity int, snapshot []byte) (*Set, error) {
	head := len(snapshotMagic) + 32 + 4
	if len(snapshot) < head || string(snapshot[:len(snapshotMagic)]) != snapshotMagic {
		return nil, ErrBadSnapshot
	}
	n := binary.LittleEndian.Uint32(snapshot[head-4 : head])
	if uint64(len(snapshot)-head) != 8*uint64(n) { //nolint:gosec // G115: len(snapshot) >= head here
		return nil, ErrBadSnapshot
	}
	s := New(capacity)
	s.key = new([32]byte)
	copy(s.key[:], snapshot[len(snapshotMagic):])
	for i := head; i < len(snapshot); i += 8 {
		s.rememberLocked(binary.LittleEndian.Uint64(snapshot[i:]))
	}
	return s, nil
}

// hash is an id's key in the set.
func (s *Set) hash(id string) uint64 {
	if s.key == nil {
		return maphash.String(s.seed, id)
	}
	var buf [128]byte
	if len(id) > len(buf)-len(s.key) {
		h := sha256.New()
		h.Write(s.key[:])
		_, _ = io.WriteString(h, id)
		return binary.LittleEndian.Uint64(h.Sum(nil))
	}
	n := copy(buf[:], s.key[:])
	n += copy(buf[n:], id)
	sum := sha256.Sum256(buf[:n])
	return binary.LittleEndian.Uint64(sum[:])
}

// Claim takes id for the caller unless it is delivered or in flight, without waiting. The empty
// id is always Claimed and never recorded: an event without a log_id cannot be recognized again.
func (s *Set) Claim(id string) State {
	if id == "" {
		return Claimed
	}
	h := s.hash(id)
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
	h := s.hash(id)
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
	// Hashed before the lock: the pull and the webhook resolve whole pages, and a persistent
	// set's hash is a SHA-256.
	var room [16]uint64 // a page of ids grows it once
	hashes := room[:0]
	for _, id := range ids {
		if id != "" {
			hashes = append(hashes, s.hash(id))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range hashes {
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
