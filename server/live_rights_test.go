package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/collab/hub"
)

// rightsEnd checks that rights taken away end on open connections: a removed
// collaborator, a downgraded editor, an editor of a deleted resource, a
// revoked token, an ended cookie session and an anonymous reader of a
// resource made private. Changes are made through the API at rest; sockets
// are opened at live (another server on the same database, or the same).
// With strict set (changes and sockets in one process) the change must have
// taken effect when its request returns: ops sent right after it are not
// applied. Otherwise it must within the bound.
func rightsEnd(t *testing.T, rest *testEnv, live string, within time.Duration, strict bool) {
	op := func(c *wsClient, base, seq int64, length int, text string) {
		c.sendOp(base, seq, fmt.Sprintf(`[%d,%q]`, length, text))
	}
	// lateOps sends five ops after the change; in one process none may be
	// applied. The server may have closed the socket already: a failed
	// write is what that looks like.
	lateOps := func(c *wsClient, base int64, length int) {
		if strict {
			for i := range 5 {
				msg := fmt.Sprintf(`{"type":"op","base":%d,"seq":%d,"ops":[%d,"late%d"]}`, base, 10+i, length, i)
				_ = c.ws.WriteMessage(websocket.TextMessage, []byte(msg))
			}
		}
	}
	unchanged := func(owner *client, id, want string) {
		t.Helper()
		if text, _ := owner.liveText(id); text != want {
			t.Fatalf("text after rights ended: %q, want %q", text, want)
		}
	}

	t.Run("removed collaborator", func(t *testing.T) {
		owner, ed := rest.signup("rco"), rest.signup("rce")
		id := owner.createResource(map[string]any{"content": "abc", "visibility": "private"})
		owner.share(id, ed.handle(), "editor")
		c, _ := dialLive(t, live, ed.token, id, "t1", -1)
		c.until("snapshot")
		op(c, 0, 1, 3, "1")
		c.until("ack")
		if st, body := owner.do("DELETE", "/api/v1/resources/"+id+"/collaborators/"+ed.handle(), nil); st != http.StatusNoContent {
			t.Fatalf("remove: %d %v", st, body)
		}
		lateOps(c, 1, 4)
		if code, fs := c.closed(within); code != hub.CloseRightsChanged {
			t.Fatalf("close code %d after %+v", code, fs)
		}
		unchanged(owner, id, "abc1")
	})

	t.Run("downgraded editor", func(t *testing.T) {
		owner, ed := rest.signup("dgo"), rest.signup("dge")
		id := owner.createResource(map[string]any{"content": "abc", "visibility": "private"})
		owner.share(id, ed.handle(), "editor")
		c, _ := dialLive(t, live, ed.token, id, "t1", -1)
		c.until("snapshot")
		owner.share(id, ed.handle(), "viewer")
		if strict {
			op(c, 0, 1, 3, "late")
		}
		f := c.until("role")
		if f.Role != "viewer" {
			t.Fatalf("role frame: %+v", f)
		}
		if strict {
			if e := c.until("error"); e.Code != "forbidden" {
				t.Fatalf("op after the downgrade: %+v", e)
			}
		}
		op(c, 0, 2, 3, "after")
		if e := c.until("error"); e.Code != "forbidden" || *e.Seq != 2 {
			t.Fatalf("op after the role frame: %+v", e)
		}
		unchanged(owner, id, "abc")
	})

	t.Run("deleted resource", func(t *testing.T) {
		owner, ed := rest.signup("dro"), rest.signup("dre")
		id := owner.createResource(map[string]any{"content": "abc", "visibility": "public"})
		owner.share(id, ed.handle(), "editor")
		c, _ := dialLive(t, live, ed.token, id, "t1", -1)
		c.until("snapshot")
		if st, body := owner.do("DELETE", "/api/v1/resources/"+id, nil); st != http.StatusNoContent {
			t.Fatalf("delete: %d %v", st, body)
		}
		lateOps(c, 0, 3)
		if code, fs := c.closed(within); code != hub.CloseRightsChanged {
			t.Fatalf("close code %d after %+v", code, fs)
		}
		var n int64
		if err := rest.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM ops WHERE resource_id = $1`, id).Scan(&n); err != nil || n != 0 {
			t.Fatalf("ops stored for the deleted resource: %d %v", n, err)
		}
	})

	t.Run("revoked token", func(t *testing.T) {
		owner := rest.signup("rto")
		id := owner.createResource(map[string]any{"content": "abc", "visibility": "private"})
		// A second token of the same user (another script) stays connected.
		st, body := rest.anon().do("POST", "/api/v1/auth/login", map[string]any{"login": "rto", "password": passwordOf("rto")})
		if st != http.StatusOK {
			t.Fatalf("login: %d %v", st, body)
		}
		other := &client{env: rest, token: body["token"].(string), user: owner.user}
		c, _ := dialLive(t, live, owner.token, id, "t1", -1)
		c.until("snapshot")
		keep, _ := dialLive(t, live, other.token, id, "t2", -1)
		keep.until("snapshot")
		if st, body := owner.do("POST", "/api/v1/auth/logout", nil); st != http.StatusNoContent {
			t.Fatalf("logout: %d %v", st, body)
		}
		lateOps(c, 0, 3)
		if code, fs := c.closed(within); code != hub.CloseSignedOut {
			t.Fatalf("close code %d after %+v", code, fs)
		}
		unchanged(other, id, "abc")
		op(keep, 0, 1, 3, "!")
		if a := keep.until("ack"); a.Version != 1 {
			t.Fatalf("the other token's conn: %+v", a)
		}
	})

	t.Run("ended session", func(t *testing.T) {
		owner := rest.signup("eso")
		id := owner.createResource(map[string]any{"content": "abc", "visibility": "private"})
		session := sessionFor(t, rest, owner.id())
		c := dialCookie(t, live, session, id, "t1")
		c.until("snapshot")
		if st := postCookie(t, rest.URL, "/logout", session); st != http.StatusSeeOther {
			t.Fatalf("logout: %d", st)
		}
		lateOps(c, 0, 3)
		if code, fs := c.closed(within); code != hub.CloseSignedOut {
			t.Fatalf("close code %d after %+v", code, fs)
		}
		unchanged(owner, id, "abc")
	})

	t.Run("anonymous reader of a resource made private", func(t *testing.T) {
		owner := rest.signup("apo")
		id := owner.createResource(map[string]any{"content": "open", "visibility": "public"})
		r, _ := dialLive(t, live, "", id, "guest", -1)
		r.until("snapshot")
		if st, body := owner.do("PATCH", "/api/v1/resources/"+id, map[string]any{"visibility": "private"}); st != http.StatusOK {
			t.Fatalf("make private: %d %v", st, body)
		}
		if strict {
			// Text written after the change must not reach the reader.
			if st, body := owner.do("POST", "/api/v1/resources/"+id+"/ops", map[string]any{"base": 0, "ops": []any{4, " secret"}}); st != http.StatusOK {
				t.Fatalf("post op: %d %v", st, body)
			}
		}
		code, fs := r.closed(within)
		if code != hub.CloseRightsChanged {
			t.Fatalf("close code %d after %+v", code, fs)
		}
		for _, f := range fs {
			if strings.Contains(string(f.Ops), "secret") {
				t.Fatalf("reader got text written after the resource was made private: %+v", f)
			}
		}
	})
}

// In one process the change has taken effect when its request returns (the
// hubs' own re-checks are off here: only the use case's Revalidate acts).
func TestLiveRightsEndAtOnce(t *testing.T) {
	t.Parallel()
	env := newEnv(t, liveOptions(time.Hour, time.Hour))
	rightsEnd(t, env, env.URL, 2*time.Second, true)
}

// A second server on the same database hears of the change (notification)
// and ends the rights on its own connections.
func TestLiveRightsEndInAnotherServer(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	other := secondServer(t, env, true, nil)
	rightsEnd(t, env, other, 3*time.Second, false)
}

// Without any notification (the second server does not listen), the sweeps
// end readers and the op check ends writers within their bounds.
func TestLiveRightsEndWithoutNotification(t *testing.T) {
	t.Parallel()
	env := newEnv(t)
	t.Run("sweep", func(t *testing.T) {
		other := secondServer(t, env, false, func(c *app.Config) { c.Live.RightsEvery = 200 * time.Millisecond })
		rightsEnd(t, env, other, 3*time.Second, false)
	})
	t.Run("op under an old verdict", func(t *testing.T) {
		other := secondServer(t, env, false, func(c *app.Config) { c.Live.RightsEvery, c.Live.RightsTTL = time.Hour, 300*time.Millisecond })
		owner, ed := env.signup("ttlo"), env.signup("ttle")
		id := owner.createResource(map[string]any{"content": "abc", "visibility": "private"})
		owner.share(id, ed.handle(), "editor")
		c, _ := dialLive(t, other, ed.token, id, "t1", -1)
		c.until("snapshot")
		c.sendOp(0, 1, `[3,"1"]`)
		c.until("ack")
		if st, _ := owner.do("DELETE", "/api/v1/resources/"+id+"/collaborators/"+ed.handle(), nil); st != http.StatusNoContent {
			t.Fatalf("remove: %d", st)
		}
		time.Sleep(400 * time.Millisecond) // older than RightsTTL
		c.sendOp(1, 2, `[4,"2"]`)
		if code, fs := c.closed(3 * time.Second); code != hub.CloseRightsChanged {
			t.Fatalf("close code %d after %+v", code, fs)
		}
		if text, _ := owner.liveText(id); text != "abc1" {
			t.Fatalf("op applied under a stale verdict: %q", text)
		}
	})
}
