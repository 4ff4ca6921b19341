package mapping

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logID is an Auth0-shaped log_id: 900, a UTC time, then a sequence number.
func logID(seq int) string { return fmt.Sprintf("90020240101000000%040d", seq) }

// A page that ends with an event without a log_id still moves the checkpoint: otherwise the pull
// would fetch that page again forever.
func TestMaxLogIDSkipsEventsWithoutOne(t *testing.T) {
	m := newTestMapper(t, Options{})
	page := fmt.Sprintf(`[{"type":"s","log_id":%q},{"type":"s","log_id":%q},{"type":"s"},{"type":"fp","log_id":null}]`, logID(1), logID(2))
	b, err := m.MapPage([]byte(page), Params{Observed: testObserved})
	require.NoError(t, err)
	assert.Equal(t, 4, b.Logs.LogRecordCount(), "events without an id are delivered")
	assert.Equal(t, logID(2), b.MaxLogID)
	assert.Equal(t, logID(1), b.MinLogID)
}

// A page out of order reports its largest and smallest ids, wherever they are.
func TestLogIDRangeOfAPageOutOfOrder(t *testing.T) {
	m := newTestMapper(t, Options{Exclude: []string{"fp"}})
	page := fmt.Sprintf(`[{"type":"s","log_id":%q},{"type":"fp","log_id":%q},{"type":"s","log_id":%q},{"type":"s","_id":%q}]`,
		logID(5), logID(9), logID(2), logID(7))
	b, err := m.MapPage([]byte(page), Params{Observed: testObserved})
	require.NoError(t, err)
	assert.Equal(t, logID(9), b.MaxLogID, "a filtered event counts too")
	assert.Equal(t, logID(2), b.MinLogID)
}

func TestLogIDLess(t *testing.T) {
	assert.True(t, LogIDLess(logID(1), logID(2)))
	assert.False(t, LogIDLess(logID(2), logID(1)))
	assert.False(t, LogIDLess(logID(2), logID(2)))
	assert.True(t, LogIDLess("99", "100"), "a shorter id is smaller, as a number")
	assert.False(t, LogIDLess("100", "99"))
}

func TestMapStreamLogIDRange(t *testing.T) {
	m := newTestMapper(t, Options{})
	body := fmt.Sprintf(`{"log_id":%q,"data":{"type":"s"}}`+"\n"+`{"data":{"type":"s"}}`+"\n"+`{"log_id":%q,"data":{"type":"s"}}`, logID(8), logID(3))
	b, err := m.MapStream([]byte(body), Params{Observed: testObserved})
	require.NoError(t, err)
	assert.Equal(t, logID(8), b.MaxLogID)
	assert.Equal(t, logID(3), b.MinLogID)
}
