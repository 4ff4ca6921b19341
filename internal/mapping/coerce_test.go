package mapping

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestChannelOf(t *testing.T) {
	for channel, want := range map[string]string{
		"https://manage.auth0.com/":                  "dashboard",
		"https://manage.auth0.com":                   "dashboard",
		"https://manage.eu.auth0.com/":               "dashboard",
		"HTTPS://Manage.Auth0.com/dashboard/us/x/":   "dashboard",
		"https://manage.auth0.com:443/":              "dashboard",
		"manage.auth0.com":                           "dashboard",
		"api":                                        "api",
		"https://manage.auth0.com.evil.example/":     "api",
		"https://evilmanage.auth0.com/":              "api",
		"https://acme.us.auth0.com/":                 "api",
		"https://example.com/?next=manage.auth0.com": "api",
		"https://": "api",
	} {
		assert.Equal(t, want, channelOf(channel), channel)
	}
}
