package server_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/internal/apptest"
	"github.com/commonplace/commonplace/server"
)

// closed reads frames until the server closes the socket (failing after d)
// and returns the close code and the frames read meanwhile.
func (c *wsClient) closed(d time.Duration) (int, []frame) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	var got []frame
	for {
		f, err := c.read(time.Until(deadline))
		if err == nil {
			got = append(got, f)
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code, got
		}
		c.t.Fatalf("socket not closed within %v (%v); frames: %+v", d, err, got)
	}
}

// dialCookie connects as a browser signed in with a session cookie.
func dialCookie(t *testing.T, base, session, id, client string) *wsClient {
	t.Helper()
	h := http.Header{}
	h.Set("Cookie", "cp_session="+session)
	h.Set("Origin", base)
	ws, _, err := websocket.DefaultDialer.Dial(wsURL(base, id, client, -1), h)
	if err != nil {
		t.Fatalf("dial with cookie: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &wsClient{t: t, ws: ws}
}

// postCookie makes a same-origin form POST with a session cookie.
func postCookie(t *testing.T, base, path, session string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", base+path, nil)
	req.Header.Set("Cookie", "cp_session="+session)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// liveOptions tunes the rights re-checks of an env's hubs.
func liveOptions(every, ttl time.Duration) envOption {
	return func(c *app.Config, _ *server.Config) {
		c.Live.RightsEvery, c.Live.RightsTTL = every, ttl
	}
}

// secondServer is another application and server over env's database, as a
// second process would be; with listen false it hears no notifications at
// all, so only its own re-checks can tell it of changes made elsewhere.
func secondServer(t *testing.T, env *testEnv, listen bool, mutate func(*app.Config)) string {
	t.Helper()
	cfg := app.Config{Hasher: apptest.FastHasher, LoginBurstAccount: 100, LoginBurstAddress: 100, Logger: slog.New(slog.DiscardHandler)}
	if mutate != nil {
		mutate(&cfg)
	}
	a := app.New(cfg, env.DB)
	ctx, cancel := context.WithCancel(context.Background())
	if listen {
		if err := a.Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	srv, err := server.New(server.Config{Logger: slog.New(slog.DiscardHandler)}, a)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		cancel()
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		_ = a.Close(sctx)
	})
	return hs.URL
}
