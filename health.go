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

// problem is something that makes the component status an error until it heals.
type problem int

const (
	problemAPI             problem = iota // the Auth0 API or its token endpoint fails
	problemCheckpointRead                 // the storage extension cannot give the checkpoint
	problemCheckpointWrite                // the storage extension cannot store the checkpoint
)

// health turns what the pull loop sees into one log line per change of state (not one per page)
// and into the component status the collector shows: recoverable error while the API or the
// checkpoint storage fails, OK again once all of them work.
type health struct {
	host   component.Host
	logger *zap.Logger

	mu               sync.Mutex // the fetch and delivery loops both report
	state            pullState
	problems         map[problem]string // what fails now -> the error last logged for it
	pipelineRefusing bool
}

func newHealth(host component.Host, logger *zap.Logger) *health {
	return &health{host: host, logger: logger, problems: map[problem]string{}}
}

// fail records err as the state of p. It reports whether err is news (a new problem, or another
// error than the one last logged for it), in which case the status is set to a recoverable error
// and the caller logs it. The caller holds mu.
func (h *health) fail(p problem, err error) bool {
	msg := err.Error()
	if last, ok := h.problems[p]; ok && last == msg {
		return false
	}
	h.problems[p] = msg
	componentstatus.ReportStatus(h.host, componentstatus.NewRecoverableErrorEvent(err))
	return true
}

// heal clears p, reporting whether it was failing; the status is OK again once nothing fails.
// The caller holds mu.
func (h *health) heal(p problem) bool {
	if _, ok := h.problems[p]; !ok {
		return false
	}
	delete(h.problems, p)
	if len(h.problems) == 0 {
		componentstatus.ReportStatus(h.host, componentstatus.NewEvent(componentstatus.StatusOK))
	}
	return true
}

// apiOK records a successful request.
func (h *health) apiOK() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.state == stateFailing {
		h.logger.Info("The Auth0 API answers again")
		h.state = stateStarting // the next page says whether caught up or behind
	}
	h.heal(problemAPI)
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
	if h.fail(problemAPI, err) {
		log := h.logger.Warn
		switch err.Kind {
		case auth0api.KindUnauthorized, auth0api.KindForbidden, auth0api.KindBadRequest:
			log = h.logger.Error // needs a person: wrong credentials, missing read:logs, bad request
		}
		log("Auth0 API request failed; retrying", zap.Error(err), zap.Duration("retry_in", wait))
	}
}

// fetchFailing records a page that could not be used although the request went through (a
// malformed or truncated body), to be fetched again after wait.
func (h *health) fetchFailing(err error, wait time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.state = stateFailing
	if h.fail(problemAPI, err) {
		h.logger.Warn("Auth0 answered a page that cannot be read; fetching it again", zap.Error(err), zap.Duration("retry_in", wait))
	}
}

func (h *health) checkpointReadFailing(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail(problemCheckpointRead, err) {
		h.logger.Error("Cannot read the checkpoint from the storage extension; retrying", zap.Error(err))
	}
}

func (h *health) checkpointRead() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.heal(problemCheckpointRead) {
		h.logger.Info("The checkpoint was read from the storage extension")
	}
}

// checkpointWriteFailing records a checkpoint that could not be stored; it is written again
// after the next page.
func (h *health) checkpointWriteFailing(err error, logID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail(problemCheckpointWrite, err) {
		h.logger.Error("Cannot store the checkpoint; retrying after the next page (a restart meanwhile repeats the pages delivered since the last write)",
			zap.String("log_id", logID), zap.Error(err))
	}
}

func (h *health) checkpointStored(logID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.heal(problemCheckpointWrite) {
		h.logger.Info("The checkpoint is stored again", zap.String("log_id", logID))
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
