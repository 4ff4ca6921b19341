package auth0receiver

import (
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componentstatus"
	"go.uber.org/zap"

	"github.com/otelcol-auth0/auth0receiver/internal/auth0api"
)

// pullState is what the pull loop is doing, as an operator sees it.
type pullState int

const (
	stateStarting pullState = iota
	stateCaughtUp
	stateBehind
	stateRateLimited
	stateFailing
)

// health turns what the pull loop sees into one log line per change of state (not one per page)
// and into the component status the collector shows: recoverable error while the API or the
// checkpoint storage fails, OK again once they work.
type health struct {
	host   component.Host
	logger *zap.Logger

	mu               sync.Mutex // the fetch and delivery loops both report
	state            pullState
	failure          string // the failing error last logged, to log a different one again
	statusError      bool   // the last status reported was an error
	pipelineRefusing bool
}

func newHealth(host component.Host, logger *zap.Logger) *health {
	return &health{host: host, logger: logger}
}

// apiOK records a successful request.
func (h *health) apiOK() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state == stateFailing {
		h.logger.Info("The Auth0 API answers again")
		h.state = stateStarting // the next page says whether caught up or behind
	}
	h.failure = ""
	if h.statusError {
		h.statusError = false
		componentstatus.ReportStatus(h.host, componentstatus.NewEvent(componentstatus.StatusOK))
	}
}

func (h *health) caughtUp(lastLogID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state != stateCaughtUp {
		h.state = stateCaughtUp
		h.logger.Info("Caught up with the Auth0 log", zap.String("last_log_id", lastLogID))
	}
}

func (h *health) behind(newest time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state != stateBehind {
		h.state = stateBehind
		fields := []zap.Field{}
		if !newest.IsZero() {
			fields = append(fields, zap.Duration("behind_by", time.Since(newest).Round(time.Second)))
		}
		h.logger.Info("Behind the Auth0 log: fetching pages back to back", fields...)
	}
}

func (h *health) rateLimited(until time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state != stateRateLimited {
		h.state = stateRateLimited
		h.logger.Info("Rate limited by Auth0: waiting for the bucket to refill (the Management API limit is shared with the tenant's other clients)",
			zap.Time("until", until))
	}
}

// apiFailing records a failed request that will be retried after wait.
func (h *health) apiFailing(err *auth0api.Error, wait time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.state = stateFailing
	if msg := err.Error(); msg != h.failure {
		h.failure = msg
		h.reportError(err)
		log := h.logger.Warn
		switch err.Kind {
		case auth0api.KindUnauthorized, auth0api.KindForbidden, auth0api.KindBadRequest:
			log = h.logger.Error // needs a person: wrong credentials, missing read:logs, bad request
		}
		log("Auth0 API request failed; retrying", zap.Error(err), zap.Duration("retry_in", wait))
	}
}

func (h *health) storageFailing(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if msg := err.Error(); msg != h.failure {
		h.failure = msg
		h.reportError(err)
		h.logger.Error("Cannot read the checkpoint from the storage extension; retrying", zap.Error(err))
	}
}

func (h *health) pipelineRefused(err error, wait time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.pipelineRefusing {
		h.pipelineRefusing = true
		h.logger.Warn("The pipeline refused records; sending them again (the checkpoint waits)",
			zap.Error(err), zap.Duration("retry_in", wait))
	}
}

func (h *health) pipelineAccepted() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pipelineRefusing {
		h.pipelineRefusing = false
		h.logger.Info("The pipeline accepts records again")
	}
}

// reportError sets the component status to a recoverable error; the caller holds mu.
func (h *health) reportError(err error) {
	h.statusError = true
	componentstatus.ReportStatus(h.host, componentstatus.NewRecoverableErrorEvent(err))
}
