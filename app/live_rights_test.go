package app

import (
	"errors"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/resource"
)

// A live connection is refused for a credential that ended after the request
// was authenticated, and the connections opened with a credential end with it.
func TestLiveCredentialEnds(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Live.RightsEvery, c.Live.RightsTTL = time.Hour, time.Hour })
	who := f.user("cara")
	r := f.create(who, "Notes", "abc", "CC-BY-4.0", resource.Private)
	token, err := f.a.IssueToken(f.ctx, who.ID, "script")
	f.must(err)
	who.Credential = TokenCredential(token)
	c, err := f.a.ConnectLive(f.ctx, who, LiveRequest{ResourceID: r.ID, ClientID: "t1", Since: -1})
	f.must(err)
	f.must(f.a.RevokeToken(f.ctx, token))
	select {
	case <-c.Done():
	default:
		t.Fatal("connection still open after RevokeToken returned")
	}
	for range c.Frames() {
	}
	if c.CloseCode() != hub.CloseSignedOut {
		t.Fatalf("close code %d", c.CloseCode())
	}
	if _, err := f.a.ConnectLive(f.ctx, who, LiveRequest{ResourceID: r.ID, ClientID: "t2", Since: -1}); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("connect with a revoked token: %v", err)
	}
	// Without a credential (callers that have none) only the role is re-checked.
	who.Credential = ""
	c, err = f.a.ConnectLive(f.ctx, who, LiveRequest{ResourceID: r.ID, ClientID: "t3", Since: -1})
	f.must(err)
	c.Close()
}

// A password reset ends every session and token of the account: its live
// connections end with them.
func TestLiveConnectionsEndWithAPasswordReset(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Live.RightsEvery, c.Live.RightsTTL = time.Hour, time.Hour })
	who := f.user("rosa")
	r := f.create(who, "Notes", "abc", "CC-BY-4.0", resource.Private)
	session, _, err := f.a.StartSession(f.ctx, who.ID, "test")
	f.must(err)
	who.Credential = SessionCredential(session)
	c, err := f.a.ConnectLive(f.ctx, who, LiveRequest{ResourceID: r.ID, ClientID: "t1", Since: -1})
	f.must(err)
	reset, hash, err := auth.NewToken(auth.ResetPrefix)
	f.must(err)
	f.must(f.a.db.CreatePasswordReset(f.ctx, who.ID, "rosa@example.org", hash, time.Now().Add(time.Hour)))
	f.must(f.a.ResetPassword(f.ctx, reset, "a new correct horse"))
	select {
	case <-c.Done():
	default:
		t.Fatal("connection still open after the password reset")
	}
	for range c.Frames() {
	}
	if c.CloseCode() != hub.CloseSignedOut {
		t.Fatalf("close code %d", c.CloseCode())
	}
}
