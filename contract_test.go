package auth0receiver

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pipeline"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receivertest"

	"github.com/otelcol-auth0/auth0receiver/internal/metadata"
	"github.com/otelcol-auth0/auth0receiver/internal/testutil"
)

// TestConsumeContract runs the collector's contract check on the pull path: with a pipeline
// that accepts, refuses retryably, refuses permanently or does any of these at random, every
// event generated in the fake tenant is accepted or dropped exactly once.
func TestConsumeContract(t *testing.T) {
	f := newFakeAuth0(t)
	cfg := testConfig(f)
	cfg.PollInterval = 10 * time.Millisecond
	cfg.BackOffConfig.InitialInterval = time.Millisecond
	cfg.BackOffConfig.MaxInterval = 10 * time.Millisecond

	receivertest.CheckConsumeContract(receivertest.CheckConsumeContractParams{
		T:             t,
		Factory:       contractFactory(),
		Signal:        pipeline.SignalLogs,
		Config:        cfg,
		Generator:     &fakeGenerator{f: f},
		GenerateCount: 2000,
	})
}

// fakeGenerator adds events to the fake tenant; their log_ids are the contract's unique ids.
type fakeGenerator struct{ f *fakeAuth0 }

func (*fakeGenerator) Start() {}

// Stop empties the tenant: the next scenario's receiver, started before the generator, must
// not find this scenario's events.
func (g *fakeGenerator) Stop() {
	g.f.mu.Lock()
	defer g.f.mu.Unlock()
	g.f.events = nil
}

func (g *fakeGenerator) Generate() []receivertest.UniqueIDAttrVal {
	return []receivertest.UniqueIDAttrVal{receivertest.UniqueIDAttrVal(g.f.addNow("s"))}
}

// contractFactory is the receiver's factory with a consumer in front of the pipeline that copies
// log.record.uid to the attribute the contract checker reads.
func contractFactory() receiver.Factory {
	return receiver.NewFactory(metadata.Type, createDefaultConfig,
		receiver.WithLogs(func(ctx context.Context, set receiver.Settings, cfg component.Config, next consumer.Logs) (receiver.Logs, error) {
			return createLogs(ctx, set, cfg, idCopier{next})
		}, metadata.LogsStability))
}

type idCopier struct{ next consumer.Logs }

func (c idCopier) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	for _, lr := range testutil.LogRecords(ld) {
		if uid, ok := lr.Attributes().Get("log.record.uid"); ok {
			lr.Attributes().PutStr(receivertest.UniqueIDAttrName, uid.Str())
		}
	}
	return c.next.ConsumeLogs(ctx, ld)
}

func (idCopier) Capabilities() consumer.Capabilities { return consumer.Capabilities{MutatesData: true} }
