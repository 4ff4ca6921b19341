package checkpoint

import (
	"context"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/storagetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
)

var owner = component.MustNewIDWithName("auth0", "prod")

func TestSaveThenLoad(t *testing.T) {
	ctx := context.Background()
	for name, client := range map[string]*storagetest.TestClient{
		"storage": storagetest.NewInMemoryClient(component.KindReceiver, owner, ""),
		"memory":  nil,
	} {
		t.Run(name, func(t *testing.T) {
			s := New(nil, Key(owner, "acme.us.auth0.com"))
			if client != nil {
				s = New(client, Key(owner, "acme.us.auth0.com"))
			}
			id, err := s.Load(ctx)
			require.NoError(t, err)
			assert.Empty(t, id, "nothing stored yet")

			require.NoError(t, s.Save(ctx, "90020261125000000"))
			require.NoError(t, s.Save(ctx, "90020261125000001"))
			id, err = s.Load(ctx)
			require.NoError(t, err)
			assert.Equal(t, "90020261125000001", id)
			require.NoError(t, s.Close(ctx))
		})
	}
}

// A restart (a new client on the same file) finds the checkpoint.
func TestSurvivesARestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	key := Key(owner, "acme.us.auth0.com")
	first := New(storagetest.NewFileBackedClient(component.KindReceiver, owner, "", dir), key)
	require.NoError(t, first.Save(ctx, "900202611250001"))
	require.NoError(t, first.Close(ctx))

	second := New(storagetest.NewFileBackedClient(component.KindReceiver, owner, "", dir), key)
	id, err := second.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, "900202611250001", id)
}

// Receivers and tenants never share a position.
func TestKeysAreDistinct(t *testing.T) {
	keys := map[string]bool{}
	for _, id := range []component.ID{owner, component.MustNewIDWithName("auth0", "staging"), component.MustNewID("auth0")} {
		for _, domain := range []string{"acme.us.auth0.com", "acme-dev.eu.auth0.com"} {
			k := Key(id, domain)
			assert.False(t, keys[k], k)
			keys[k] = true
		}
	}
}

func TestCorruptCheckpointIsAnError(t *testing.T) {
	ctx := context.Background()
	client := storagetest.NewInMemoryClient(component.KindReceiver, owner, "")
	key := Key(owner, "acme.us.auth0.com")
	require.NoError(t, client.Set(ctx, key, []byte("not json")))
	_, err := New(client, key).Load(ctx)
	assert.ErrorContains(t, err, "is corrupt")
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	host := storagetest.NewStorageHost().WithInMemoryStorageExtension("db").WithNonStorageExtension("other")

	client, err := Open(ctx, host, storagetest.NewStorageID("db"), owner)
	require.NoError(t, err)
	require.NoError(t, client.Close(ctx))

	_, err = Open(ctx, host, storagetest.NewStorageID("missing"), owner)
	assert.ErrorContains(t, err, "not found")
	_, err = Open(ctx, host, storagetest.NewNonStorageID("other"), owner)
	assert.ErrorContains(t, err, "is not a storage extension")
}

// The delivered ids are kept beside the checkpoint, under their own key, across a restart; in
// memory there is nothing to keep.
func TestDeliveredIDsSurviveARestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	key := Key(owner, "acme.us.auth0.com")
	first := New(storagetest.NewFileBackedClient(component.KindReceiver, owner, "", dir), key)
	data, err := first.LoadDelivered(ctx)
	require.NoError(t, err)
	assert.Nil(t, data, "nothing stored yet")
	require.NoError(t, first.Save(ctx, "900202611250001"))
	require.NoError(t, first.SaveDelivered(ctx, []byte("snapshot")))
	require.NoError(t, first.Close(ctx))

	second := New(storagetest.NewFileBackedClient(component.KindReceiver, owner, "", dir), key)
	data, err = second.LoadDelivered(ctx)
	require.NoError(t, err)
	assert.Equal(t, "snapshot", string(data))
	id, err := second.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, "900202611250001", id, "the checkpoint is not overwritten")
	assert.True(t, second.Persistent())

	memory := New(nil, key)
	assert.False(t, memory.Persistent())
	require.NoError(t, memory.SaveDelivered(ctx, []byte("snapshot")))
	data, err = memory.LoadDelivered(ctx)
	require.NoError(t, err)
	assert.Nil(t, data)
}
