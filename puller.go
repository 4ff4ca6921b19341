package auth0receiver

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/cenkalti/backoff/v7"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.uber.org/zap"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0api"
	"github.com/otelcol-auth0/auth0receiver/internal/checkpoint"
	"github.com/otelcol-auth0/auth0receiver/internal/dedup"
	"github.com/otelcol-auth0/auth0receiver/internal/mapping"
)

// puller drains the tenant's log: a fetch loop reads pages (the next one while the last is being
// delivered) and maps them; the delivery loop passes each to the pipeline and, once accepted,
// stores the checkpoint.
type puller struct {
	cfg     *Config
	logger  *zap.Logger
	api     *auth0api.Client
	mapper  *mapping.Mapper
	seen    *dedup.Set
	store   *checkpoint.Store
	deliver func(context.Context, *mapping.Batch) error
	startAt startAt
	health  *health
	tel     *telemetry
}

// fetchedPage is a mapped page on its way from the fetch loop to the delivery loop.
type fetchedPage struct {
	mapping.Batch
	claimed   []string // the log_ids it holds in the de-duplication set until it is delivered
	fetchedAt time.Time
	caughtUp  bool   // a short page: once it is delivered, so is everything Auth0 had at fetchedAt
	start     string // when set, the position moved back to it (see behindAuth0): store it
}

func (p *puller) run(ctx context.Context) {
	cursor, stored, ok := p.loadCursor(ctx)
	if !ok {
		return
	}
	// Without a stored checkpoint the start position itself is stored before the first poll, so
	// that a restart before any page was accepted (a quiet tenant, a pipeline down at deployment,
	// a crash loop) resumes there instead of at a new "now", which would skip the downtime. If
	// that write fails it is tried again after each page. A start at a time is left to the
	// configuration: its date filter would not survive.
	unsaved := ""
	if !stored && p.startAt.notBefore().IsZero() && !p.storeCheckpoint(ctx, cursor) {
		unsaved = cursor
	}
	// Unbuffered: while the delivery loop holds one page, the fetcher holds the next, no more.
	pages := make(chan *fetchedPage)
	fetched := make(chan struct{})
	go func() {
		defer close(fetched)
		defer close(pages)
		p.fetch(ctx, cursor, stored, pages)
	}()
	p.deliverAll(ctx, cursor, unsaved, pages)
	<-fetched
	for page := range pages { // fetched, never delivered: nobody may wait for their ids
		p.seen.Release(page.claimed)
	}
}

// loadCursor returns the stored checkpoint, or the start_at position when there is none, and
// whether it was stored.
func (p *puller) loadCursor(ctx context.Context) (cursor string, stored, ok bool) {
	bo := newBackoff(p.cfg.BackOffConfig)
	for {
		checkpoint, err := p.store.Load(ctx)
		if err == nil {
			p.health.checkpointRead()
			if checkpoint != "" {
				p.logger.Info("Resuming from the stored checkpoint", zap.String("log_id", checkpoint))
				p.startAt = startAt{end: true} // a stored checkpoint makes start_at moot
				return checkpoint, true, true
			}
			cursor := p.startAt.cursor(time.Now())
			p.logger.Info("No checkpoint stored: starting per start_at", zap.String("start_at", p.cfg.StartAt), zap.String("from", cursor))
			return cursor, false, true
		}
		p.health.checkpointReadFailing(err)
		if !sleep(ctx, p.retryWait(bo)) {
			return "", false, false
		}
	}
}

// fetch reads pages from cursor on until ctx is done, sending each mapped page to out. stored
// says whether cursor is a checkpoint stored by an earlier run.
func (p *puller) fetch(ctx context.Context, cursor string, stored bool, out chan<- *fetchedPage) {
	pageURL := p.api.FirstPageURL(cursor)
	bo := newBackoff(p.cfg.BackOffConfig)
	// The first answer tells Auth0's time: a position ahead of it (this host's clock is ahead,
	// or a stored checkpoint is in the future) would skip every event Auth0 logs meanwhile. A
	// start_at time is the operator's and stays.
	clockChecked, rewound := !p.startAt.notBefore().IsZero(), ""
	// take is page_size unless a page was over the bounds of what one page may cost (its body's
	// size, its values): then the same position is fetched with half as many events, down to
	// one, and full pages follow once the smaller page has passed.
	from, take := cursor, p.cfg.PageSize
	for ctx.Err() == nil {
		page, err := p.api.FetchPage(ctx, pageURL)
		fetchedAt := time.Now()
		if err == nil && !clockChecked {
			clockChecked = true
			if start, ahead := p.behindAuth0(cursor, page.ServerTime, fetchedAt); ahead {
				cursor, from, rewound, pageURL = start, start, start, p.api.FirstPageURL(start)
				continue
			}
		}
		var batch mapping.Batch
		var claimed []string
		if err == nil {
			keep := func(id string) bool {
				switch p.seen.Claim(id) {
				case dedup.Claimed:
					if id != "" {
						claimed = append(claimed, id)
					}
					return true
				case dedup.Delivered:
					return false
				}
				// In flight: a repeat within this page (waiting would wait for ourselves), or an
				// id the webhook holds, which is waited for, not skipped: its delivery may fail.
				if slices.Contains(claimed, id) {
					return false
				}
				held, _ := p.seen.ClaimWait(ctx, id)
				if held {
					claimed = append(claimed, id)
				}
				return held
			}
			// A malformed page is a *mapping.SyntaxError: retried like a failed request.
			batch, err = p.mapper.MapPage(page.Body, mapping.Params{Observed: fetchedAt, Keep: keep, NotBefore: p.startAt.notBefore()})
		}
		if ctx.Err() != nil { // a page mapped while shutting down may lack the events waited for
			p.seen.Release(claimed)
			return
		}
		if err != nil {
			p.seen.Release(claimed) // a page that failed to map may have claimed ids before
			if take > 1 && overBounds(err) {
				take = max(1, take/2)
				pageURL = p.api.PageURL(from, take)
				p.logger.Warn("An Auth0 page is over what one page may cost: fetching fewer events at a time",
					zap.Int("take", take), zap.Error(err))
				continue
			}
			sleep(ctx, p.onFetchError(err, bo))
			continue
		}
		bo.Reset()
		p.health.apiOK()
		p.startAt = p.startAt.after(batch.MaxLogID)
		p.tel.page(ctx, &batch)
		if stored && batch.Events > 0 {
			p.checkRetention(ctx, cursor, batch.MinLogID)
			stored = false
		}

		// Short pages go to the delivery loop too, even empty: delivering one means caught up.
		caughtUp := batch.Events < take
		select {
		case out <- &fetchedPage{Batch: batch, claimed: claimed, fetchedAt: fetchedAt, caughtUp: caughtUp, start: rewound}:
			rewound = ""
		case <-ctx.Done():
			p.seen.Release(claimed)
			return
		}
		if batch.MaxLogID != "" {
			from = batch.MaxLogID
		}
		switch {
		case take < p.cfg.PageSize: // the smaller page passed: full pages again after it
			take = p.cfg.PageSize
			pageURL = p.api.FirstPageURL(from)
		case page.Next != "":
			pageURL = page.Next
		case batch.MaxLogID != "":
			pageURL = p.api.FirstPageURL(batch.MaxLogID)
		}
		// Caught up: poll again after poll_interval instead of at once.
		if caughtUp {
			p.health.caughtUp(batch.MaxLogID)
			sleep(ctx, p.cfg.PollInterval)
		} else {
			p.health.behind(batch.Newest)
		}
	}
}

// overBounds reports whether a page failed for what it holds, not for a fault: more values than
// the mapping's limits, or a body over the client's bound. Fewer events may pass.
func overBounds(err error) bool {
	var le *mapping.LimitError
	return errors.As(err, &le) || errors.Is(err, auth0api.ErrBodyTooLarge)
}

// clockTolerance: a Date header has whole seconds, and a log_id's time the second Auth0
// indexed the event.
const clockTolerance = 2 * time.Second

// behindAuth0 moves a position the receiver made up (a start_at: end from this host's clock,
// maybe stored by an earlier run) onto Auth0's clock when it is clearly ahead of serverTime, the
// Date of an answer that arrived at receivedAt: by the skew between the two clocks, so that the
// events Auth0 logged since that start (a downtime, a first answer that took retries) are not
// skipped. The skew is overestimated by the Date's whole seconds and the latency, which only
// moves the position earlier. A real event's log_id is never moved: Auth0 returned it, so it is
// not in Auth0's future, and a wrong Date (a proxy's unset clock) must not replay the retained
// log. Neither is a Date further behind than any retention, which no clock is off by.
func (p *puller) behindAuth0(cursor string, serverTime, receivedAt time.Time) (string, bool) {
	at, ok := logIDTime(cursor)
	if !ok || serverTime.IsZero() || !at.After(serverTime.Add(clockTolerance)) {
		return "", false
	}
	if cursor != logIDLowerBound(at) || at.Sub(serverTime) > retentionBound {
		p.logger.Warn("The position is ahead of Auth0's clock as the Date header tells it; keeping it (it is an event's log_id, or the Date is implausible)",
			zap.String("log_id", cursor), zap.Time("auth0_time", serverTime))
		return "", false
	}
	skew := receivedAt.Sub(serverTime)
	p.logger.Warn("The start position is ahead of Auth0's clock (this host's clock is ahead of it): moving it onto Auth0's clock, so that no event it logs meanwhile is skipped",
		zap.Time("position_time", at), zap.Time("auth0_time", serverTime), zap.Duration("skew", skew))
	return logIDLowerBound(at.Add(-skew)), true
}

// checkRetention warns when the first event after a checkpoint stored by an earlier run is far
// newer than the checkpoint, while the checkpoint is older than the shortest retention of any
// Auth0 plan: the events in between may have expired before they were read. (A tenant that was
// quiet for hours looks the same, hence "possible".)
func (p *puller) checkRetention(ctx context.Context, checkpoint, firstLogID string) {
	const shortestRetention, gap = 24 * time.Hour, time.Hour
	stored, ok1 := logIDTime(checkpoint)
	first, ok2 := logIDTime(firstLogID)
	if !ok1 || !ok2 || time.Since(stored) < shortestRetention || first.Sub(stored) < gap {
		return
	}
	p.tel.retentionGap(ctx)
	p.logger.Warn("Possible gap in the Auth0 log: the checkpoint is older than Auth0 may retain logs, and the oldest event it still has is much newer; events in between may be lost",
		zap.Time("checkpoint_time", stored), zap.Time("first_event_time", first))
}

// onFetchError reports a failed request or a malformed page and returns how long to wait
// before trying it again.
func (p *puller) onFetchError(err error, bo *backoff.ExponentialBackOff) time.Duration {
	var apiErr *auth0api.Error
	if !errors.As(err, &apiErr) { // a malformed page, or a failure below the client
		wait := p.retryWait(bo)
		p.health.fetchFailing(err, wait)
		return wait
	}
	wait := p.retryWait(bo)
	switch apiErr.Kind {
	case auth0api.KindRateLimited:
		// Expected when the tenant's bucket is shared: not a failure of the receiver. The wait
		// Auth0 names, but never less than the backoff, so that repeated 429s with
		// "Retry-After: 0" (or a reset in the current second) back off further.
		wait = max(wait, apiErr.RetryAfter)
		p.health.rateLimited(time.Now().Add(wait))
		return wait
	case auth0api.KindUnauthorized, auth0api.KindForbidden, auth0api.KindBadRequest:
		// Fixing these takes a person: retry slowly so the fix heals the receiver without a
		// restart, and without hammering the tenant's shared rate limit meanwhile.
		wait = max(wait, p.cfg.BackOffConfig.MaxInterval, p.cfg.PollInterval)
	}
	p.health.apiFailing(apiErr, wait)
	return wait
}

// deliverAll delivers the pages in order, storing the checkpoint after each accepted one. The
// checkpoint only moves forward from cursor: a page out of order cannot move it back. A
// checkpoint that cannot be stored (unsaved) is tried again after the next page, empty pages
// included, so a caught-up receiver retries it every poll_interval.
func (p *puller) deliverAll(ctx context.Context, cursor, unsaved string, pages <-chan *fetchedPage) {
	for page := range pages {
		if page.start != "" { // moved back to Auth0's time: that is the position now
			cursor, unsaved = page.start, page.start
		}
		b := &page.Batch
		if b.Logs.LogRecordCount() > 0 && !p.deliverWithRetry(ctx, b) {
			p.seen.Release(page.claimed)
			return // shutting down: the checkpoint stays before this page
		}
		p.seen.Commit(page.claimed) // accepted, or dropped for good
		if page.caughtUp {
			p.tel.caughtUp(page.fetchedAt)
		}
		if mapping.LogIDLess(cursor, b.MaxLogID) {
			cursor, unsaved = b.MaxLogID, b.MaxLogID
		}
		if unsaved != "" && p.storeCheckpoint(ctx, unsaved) {
			unsaved = ""
		}
	}
}

// checkpointWriteTimeout bounds one checkpoint write, which runs even when Shutdown has begun.
const checkpointWriteTimeout = 5 * time.Second

// storeCheckpoint writes logID to the storage extension, reporting whether it was stored. The
// write does not end with ctx: a page the pipeline accepted while Shutdown began must still be
// recorded (storage clients that honor a cancelled context refuse the write), or the next
// start delivers it again.
func (p *puller) storeCheckpoint(ctx context.Context, logID string) bool {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkpointWriteTimeout)
	defer cancel()
	err := p.store.Save(wctx, logID)
	switch {
	case err == nil:
		p.health.checkpointStored(logID)
		return true
	case ctx.Err() == nil:
		p.tel.checkpointWriteFailed(ctx)
		p.health.checkpointWriteFailing(err, logID)
	default:
		p.logger.Warn("Could not store the checkpoint while shutting down: the next start delivers the last page again",
			zap.String("log_id", logID), zap.Error(err))
	}
	return false
}

// deliverWithRetry passes b to the pipeline until it is accepted or permanently refused. It
// reports false only when ctx ended first.
func (p *puller) deliverWithRetry(ctx context.Context, b *mapping.Batch) bool {
	retry := p.cfg.BackOffConfig
	bo := newBackoff(retry)
	began := time.Now()
	n := b.Logs.LogRecordCount() // now: once accepted, the records belong to the pipeline
	for {
		err := p.deliver(ctx, b)
		switch {
		case err == nil:
			p.health.pipelineAccepted()
			p.tel.delivered(ctx, sourcePull, n, b.Newest, true)
			return true
		case ctx.Err() != nil:
			return false
		}
		var drop string
		switch {
		case consumererror.IsPermanent(err):
			drop = "The pipeline refused the records permanently: dropping them"
		case !retry.Enabled:
			drop = "The pipeline refused the records and retry_on_failure is disabled: dropping them"
		case retry.MaxElapsedTime > 0 && time.Since(began) > retry.MaxElapsedTime:
			drop = "The pipeline kept refusing the records for retry_on_failure.max_elapsed_time: dropping them"
		}
		if drop != "" {
			p.logger.Error(drop, zap.Int("records", n), zap.String("up_to_log_id", b.MaxLogID), zap.Error(err))
			p.tel.delivered(ctx, sourcePull, n, b.Newest, false)
			return true
		}
		wait := bo.NextBackOff()
		p.health.pipelineRefused(err, wait)
		if !sleep(ctx, wait) {
			return false
		}
	}
}

// retryWait is how long to wait before trying a failed request or storage read again: the next
// backoff, or poll_interval when retry_on_failure is disabled (no backoff, but no tight loop).
func (p *puller) retryWait(bo *backoff.ExponentialBackOff) time.Duration {
	if !p.cfg.BackOffConfig.Enabled {
		return p.cfg.PollInterval
	}
	return bo.NextBackOff()
}

// newBackoff turns retry_on_failure into an exponential backoff.
func newBackoff(c configretry.BackOffConfig) *backoff.ExponentialBackOff {
	return &backoff.ExponentialBackOff{
		InitialInterval:     c.InitialInterval,
		RandomizationFactor: c.RandomizationFactor,
		Multiplier:          c.Multiplier,
		MaxInterval:         c.MaxInterval,
	}
}
