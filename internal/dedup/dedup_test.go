package dedup

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deliver claims id and commits it at once, reporting whether it was new.
func deliver(s *Set, id string) bool {
	if s.Claim(id) != Claimed {
		return false
	}
	s.Commit([]string{id})
	return true
}

func TestCommittedIDsAreRepeats(t *testing.T) {
	s := New(10)
	assert.True(t, deliver(s, "a"))
	assert.True(t, deliver(s, "b"))
	assert.Equal(t, Delivered, s.Claim("a"))
	assert.Equal(t, Delivered, s.Claim("b"))
	assert.Equal(t, 2, s.Len())
	assert.Zero(t, s.InFlight())
}

func TestEmptyIDIsAlwaysClaimed(t *testing.T) {
	s := New(10)
	assert.Equal(t, Claimed, s.Claim(""))
	assert.Equal(t, Claimed, s.Claim(""))
	s.Commit([]string{""})
	assert.Equal(t, Claimed, s.Claim(""))
	ok, err := s.ClaimWait(context.Background(), "")
	assert.True(t, ok)
	assert.NoError(t, err)
	assert.Zero(t, s.Len()+s.InFlight(), "nothing recorded for it")
}

// An id in flight is not delivered: a second claimant learns it is held, not that it is a repeat.
func TestInFlightIsNotDelivered(t *testing.T) {
	s := New(10)
	require.Equal(t, Claimed, s.Claim("a"))
	assert.Equal(t, InFlight, s.Claim("a"))
	assert.Zero(t, s.Len(), "not delivered while in flight")

	s.Release([]string{"a"})
	assert.Equal(t, Claimed, s.Claim("a"), "a released id is taken by the next claimant")
	s.Commit([]string{"a"})
	assert.Equal(t, Delivered, s.Claim("a"))
}

func TestResolvingIDsNotHeldIsHarmless(t *testing.T) {
	s := New(10)
	s.Commit([]string{"x"})
	s.Release([]string{"y"})
	assert.Equal(t, Claimed, s.Claim("x"), "a commit without a claim delivers nothing")
	assert.Zero(t, s.Len())
}

// ClaimWait waits for the holder: its failure hands the id over, its success makes it a repeat.
func TestClaimWaitFollowsTheHoldersOutcome(t *testing.T) {
	for _, holderDelivers := range []bool{false, true} {
		s := New(10)
		require.Equal(t, Claimed, s.Claim("a"))
		got := make(chan bool)
		go func() {
			ok, err := s.ClaimWait(context.Background(), "a")
			assert.NoError(t, err)
			got <- ok
		}()
		require.Eventually(t, func() bool { return s.Waiting() == 1 }, 5*time.Second, time.Millisecond)
		select {
		case <-got:
			t.Fatal("ClaimWait returned while the id was in flight")
		default:
		}
		if holderDelivers {
			s.Commit([]string{"a"})
			assert.False(t, <-got, "delivered by the holder: a repeat")
		} else {
			s.Release([]string{"a"})
			assert.True(t, <-got, "the holder failed: the waiter holds it now")
			assert.Equal(t, InFlight, s.Claim("a"))
		}
	}
}

func TestClaimWaitEndsWithItsContext(t *testing.T) {
	s := New(10)
	require.Equal(t, Claimed, s.Claim("a"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := s.ClaimWait(ctx, "a")
		done <- err
	}()
	require.Eventually(t, func() bool { return s.Waiting() == 1 }, 5*time.Second, time.Millisecond)
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	s.Release([]string{"a"})
	assert.Equal(t, Claimed, s.Claim("a"), "the cancelled waiter holds nothing")
}

func TestOldestIsForgottenFirst(t *testing.T) {
	s := New(3)
	for _, id := range []string{"1", "2", "3", "4"} {
		require.True(t, deliver(s, id))
	}
	assert.Equal(t, 3, s.Len())
	assert.True(t, deliver(s, "1"), "1 was pushed out by 4")
	assert.Equal(t, Delivered, s.Claim("3"), "3 is still remembered")
	assert.Equal(t, Delivered, s.Claim("4"))
}

// An id pushed out and delivered again sits in a newer slot; evicting its old slot must not
// forget it.
func TestEvictionSkipsReaddedIDs(t *testing.T) {
	s := New(2)
	require.True(t, deliver(s, "a")) // gen 0
	require.True(t, deliver(s, "b")) // gen 1
	require.True(t, deliver(s, "c")) // gen 2 evicts a
	require.True(t, deliver(s, "a")) // gen 3 evicts b
	require.True(t, deliver(s, "d")) // gen 4 evicts c
	assert.Equal(t, Delivered, s.Claim("a"), "a (gen 3) must still be remembered")
	assert.Equal(t, 2, s.Len())
}

func TestBoundedUnderLoad(t *testing.T) {
	s := New(100)
	for i := range 10_000 {
		require.True(t, deliver(s, strconv.Itoa(i)))
	}
	assert.Equal(t, 100, s.Len())
	assert.Zero(t, s.InFlight())
	for i := 9_900; i < 10_000; i++ {
		assert.Equal(t, Delivered, s.Claim(strconv.Itoa(i)))
	}
}

// Claimants racing for the same ids, half of whom fail and release: every id ends delivered
// exactly once, and no one who waited is left holding a delivered id.
func TestConcurrentClaimantsDeliverEachIDOnce(t *testing.T) {
	s := New(1000)
	var wg sync.WaitGroup
	var mu sync.Mutex
	delivered := map[string]int{}
	for w := range 6 {
		wg.Go(func() {
			for i := range 300 {
				id := strconv.Itoa(i)
				var held bool
				if w%2 == 0 {
					held, _ = s.ClaimWait(context.Background(), id)
				} else {
					held = s.Claim(id) == Claimed
				}
				if !held {
					continue
				}
				if (i+w)%3 == 0 { // this delivery fails
					s.Release([]string{id})
					continue
				}
				mu.Lock()
				delivered[id]++
				mu.Unlock()
				s.Commit([]string{id})
			}
		})
	}
	wg.Wait()
	for id, n := range delivered {
		require.Equal(t, 1, n, id)
	}
	assert.Zero(t, s.InFlight())
}

// A persistent set's delivered ids are delivered in the set Restore makes of its snapshot, in
// the same order of age; ids in flight are not; what does not fit the new capacity is the oldest.
func TestASnapshotRestoresTheDeliveredIDs(t *testing.T) {
	s := NewPersistent(4)
	for _, id := range []string{"a", "b", "c", "d", "e"} { // "a" is forgotten
		require.True(t, deliver(s, id))
	}
	require.Equal(t, Claimed, s.Claim("flying"))
	require.False(t, deliver(s, "c"), "a repeat is not re-added")

	r, err := Restore(4, s.Snapshot())
	require.NoError(t, err)
	for _, id := range []string{"b", "c", "d", "e"} {
		assert.Equal(t, Delivered, r.Claim(id), id)
	}
	assert.Equal(t, Claimed, r.Claim("a"), "forgotten before the snapshot")
	assert.Equal(t, Claimed, r.Claim("flying"), "in flight is not delivered")
	assert.Equal(t, 4, r.Len())

	small, err := Restore(2, s.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, Claimed, small.Claim("b"), "the oldest do not fit")
	assert.Equal(t, Delivered, small.Claim("e"))
	assert.Equal(t, Delivered, small.Claim("d"))

	again, err := Restore(4, r.Snapshot())
	require.NoError(t, err, "a restored set is persistent too")
	assert.Equal(t, Delivered, again.Claim("e"))
}

// Two persistent sets hash with different keys, so a snapshot is only read with its own.
func TestPersistentSetsHaveTheirOwnKey(t *testing.T) {
	a, b := NewPersistent(10), NewPersistent(10)
	assert.NotEqual(t, a.hash("x"), b.hash("x"))
	r, err := Restore(10, a.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, a.hash("x"), r.hash("x"))
	long := strings.Repeat("9", 200) // past the stack buffer
	assert.Equal(t, a.hash(long), r.hash(long))
	assert.NotEqual(t, a.hash(long), a.hash(long+"0"))
}

func TestARunOnlySetHasNoSnapshot(t *testing.T) {
	s := New(10)
	deliver(s, "a")
	assert.Nil(t, s.Snapshot())
}

func TestRestoreRefusesWhatSnapshotDidNotWrite(t *testing.T) {
	s := NewPersistent(10)
	deliver(s, "a")
	good := s.Snapshot()
	for name, data := range map[string][]byte{
		"empty":       nil,
		"json":        []byte(`{"log_id":"900"}`),
		"truncated":   good[:len(good)-1],
		"trailing":    append(append([]byte{}, good...), 0),
		"other magic": append([]byte("auth0dedup\x02"), good[len(snapshotMagic):]...),
		"huge count":  append(append([]byte{}, good[:len(good)-12]...), 0xff, 0xff, 0xff, 0xff),
	} {
		_, err := Restore(10, data)
		assert.ErrorIs(t, err, ErrBadSnapshot, name)
	}
}

func FuzzRestore(f *testing.F) {
	s := NewPersistent(10)
	deliver(s, "a")
	f.Add(s.Snapshot())
	f.Add([]byte("auth0dedup\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Restore(10, data)
		if err != nil {
			return
		}
		if r.Len() > 10 {
			t.Fatalf("%d ids in a set of 10", r.Len())
		}
		if _, err := Restore(10, r.Snapshot()); err != nil {
			t.Fatalf("a restored set's snapshot: %v", err)
		}
	})
}

// BenchmarkClaimCommit claims and commits a new log_id each time, in a full set (more ids than
// it holds, so each comes back after it was forgotten), as a steady stream of events does.
func BenchmarkClaimCommit(b *testing.B) {
	for _, tc := range []struct {
		name string
		make func(int) *Set
	}{{"run", New}, {"persistent", NewPersistent}} {
		b.Run(tc.name, func(b *testing.B) {
			s := tc.make(100_000)
			ids := make([]string, 1<<18)
			for i := range ids {
				ids[i] = "900202611251200000000000000000000000" + strconv.Itoa(1_000_000_000+i)
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				id := ids[i&(len(ids)-1)]
				if s.Claim(id) != Claimed {
					b.Fatal("a forgotten id is new again")
				}
				s.Commit(ids[i&(len(ids)-1) : i&(len(ids)-1)+1])
			}
		})
	}
}
