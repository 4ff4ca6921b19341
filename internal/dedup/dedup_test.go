package dedup

import (
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddReportsRepeats(t *testing.T) {
	s := New(10)
	assert.True(t, s.Add("a"))
	assert.True(t, s.Add("b"))
	assert.False(t, s.Add("a"))
	assert.False(t, s.Add("b"))
	assert.Equal(t, 2, s.Len())
}

func TestEmptyIDIsAlwaysNew(t *testing.T) {
	s := New(10)
	assert.True(t, s.Add(""))
	assert.True(t, s.Add(""))
	assert.Zero(t, s.Len(), "nothing recorded for it")
}

func TestOldestIsForgottenFirst(t *testing.T) {
	s := New(3)
	for _, id := range []string{"1", "2", "3", "4"} {
		require.True(t, s.Add(id))
	}
	assert.Equal(t, 3, s.Len())
	assert.True(t, s.Add("1"), "1 was pushed out by 4")
	assert.False(t, s.Add("3"), "3 is still remembered")
	assert.False(t, s.Add("4"))
}

func TestRemoveAllowsRedelivery(t *testing.T) {
	s := New(3)
	require.True(t, s.Add("a"))
	s.Remove("a")
	assert.True(t, s.Add("a"), "a removed id is new again")
	assert.False(t, s.Add("a"))
}

// A removed and re-added id sits in a newer slot; evicting its old slot must not forget it.
func TestEvictionSkipsReaddedIDs(t *testing.T) {
	s := New(3)
	require.True(t, s.Add("a")) // slot 0, gen 0
	s.Remove("a")
	require.True(t, s.Add("b")) // gen 1
	require.True(t, s.Add("a")) // gen 2
	require.True(t, s.Add("c")) // gen 3 evicts slot 0 (the stale "a" of gen 0)
	assert.False(t, s.Add("a"), "a (gen 2) must still be remembered")
	assert.Equal(t, 3, s.Len())
}

func TestBoundedUnderLoad(t *testing.T) {
	s := New(100)
	for i := range 10_000 {
		require.True(t, s.Add(strconv.Itoa(i)))
	}
	assert.Equal(t, 100, s.Len())
	for i := 9_900; i < 10_000; i++ {
		assert.False(t, s.Add(strconv.Itoa(i)))
	}
}

func TestConcurrentAddsDeliverEachIDOnce(t *testing.T) {
	s := New(1000)
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := map[string]int{}
	for range 4 {
		wg.Go(func() {
			for i := range 500 {
				id := strconv.Itoa(i)
				if s.Add(id) {
					mu.Lock()
					accepted[id]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	require.Len(t, accepted, 500)
	for id, n := range accepted {
		require.Equal(t, 1, n, id)
	}
}

func BenchmarkAdd(b *testing.B) {
	s := New(100_000)
	ids := make([]string, 1<<16)
	for i := range ids {
		ids[i] = "900202611251200000000000000000000000" + strconv.Itoa(1_000_000_000+i)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Add(ids[i&(len(ids)-1)])
	}
}
