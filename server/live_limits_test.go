package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

func TestLiveRESTOpsRateLimited(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(c *app.Config, _ *server.Config) { c.OpsBurst, c.OpsInterval = 5, time.Hour })
	owner, other := env.signup("rlo"), env.signup("rlx")
	id := owner.createResource(map[string]any{"content": ""})
	id2 := other.createResource(map[string]any{"content": ""})
	path := "/api/v1/resources/" + id + "/ops"
	for i := range 5 {
		ops := fmt.Sprintf(`[%d,"x"]`, i)
		if i == 0 {
			ops = `["x"]`
		}
		if st, body := owner.do("POST", path, map[string]any{"base": i, "ops": json.RawMessage(ops)}); st != http.StatusOK {
			t.Fatalf("op %d: %d %v", i, st, body)
		}
	}
	req, _ := http.NewRequest("POST", env.URL+path, strings.NewReader(`{"base":5,"ops":[5,"x"]}`))
	req.Header.Set("Authorization", "Bearer "+owner.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth op: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if text, v := owner.liveText(id); text != "xxxxx" || v != 5 {
		t.Fatalf("refused op applied: %q v%d", text, v)
	}
	// The limit is per user.
	if st, body := other.do("POST", "/api/v1/resources/"+id2+"/ops", map[string]any{"base": 0, "ops": json.RawMessage(`["y"]`)}); st != http.StatusOK {
		t.Fatalf("another user's op: %d %v", st, body)
	}
}

func TestLiveConnectionCaps(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(_ *app.Config, s *server.Config) { s.LiveConnsPerUser, s.LiveConnsPerAddress = 3, 5 })
	owner := env.signup("cap")
	id := owner.createResource(map[string]any{"content": "abc", "visibility": "public"})
	var mine []*wsClient
	for i := range 3 {
		c, _ := dialLive(t, env.URL, owner.token, id, fmt.Sprint("t", i), -1)
		c.until("snapshot")
		mine = append(mine, c)
	}
	over, _ := dialLive(t, env.URL, owner.token, id, "t3", -1)
	if code, _ := over.closed(5 * time.Second); code != 4429 {
		t.Fatalf("fourth connection of one user: close %d, want 4429", code)
	}
	// A closed connection frees its slot.
	mine[0].ws.Close()
	// (Until the server has seen the close, a new socket is still refused:
	// those refusals are counted too.)
	var again *wsClient
	refused := 2
	for deadline := time.Now().Add(5 * time.Second); again == nil; {
		c, _ := dialLive(t, env.URL, owner.token, id, "t4", -1)
		if f, err := c.read(5 * time.Second); err == nil && f.Type == "snapshot" {
			again = c
		} else if time.Now().After(deadline) {
			t.Fatalf("slot not freed: %v %+v", err, f)
		} else {
			refused++
		}
	}
	// Per address: 3 sockets of the owner are open, two guests fit, the third does not.
	for i := range 2 {
		g, _ := dialLive(t, env.URL, "", id, fmt.Sprint("g", i), -1)
		g.until("snapshot")
	}
	g, _ := dialLive(t, env.URL, "", id, "g2", -1)
	if code, _ := g.closed(5 * time.Second); code != 4429 {
		t.Fatalf("sixth connection from one address: close %d, want 4429", code)
	}
	if body := env.metrics(); !strings.Contains(body, fmt.Sprintf("commonplace_live_refused_total %d", refused)) {
		t.Errorf("refusals not counted: %s", body)
	}
}

// A burst of hundreds of readers leaving does not disconnect an editor: in a
// large room their leaves reach it as a few peers frames, not one frame each.
func TestLivePresenceChurnKeepsEditors(t *testing.T) {
	t.Parallel()
	const readers = 300
	env := newEnv(t)
	owner := env.signup("churn")
	id := owner.createResource(map[string]any{"content": "abc", "visibility": "public"})
	ed, _ := dialLive(t, env.URL, owner.token, id, "ed", -1)
	ed.until("snapshot")
	var rs []*wsClient
	for i := range readers {
		r, _ := dialLive(t, env.URL, "", id, fmt.Sprint("r", i), -1)
		rs = append(rs, r)
	}
	// The editor hears of everyone (join frames, then peers frames).
	seen := map[string]bool{}
	follow := func(f frame) {
		switch f.Type {
		case "join":
			seen[f.Client] = true
		case "leave":
			delete(seen, f.Client)
		case "peers":
			for _, p := range f.Leave {
				delete(seen, p.Client)
			}
			for _, p := range f.Join {
				seen[p.Client] = true
			}
		}
	}
	frames := 0
	for len(seen) < readers {
		follow(ed.next())
		frames++
	}
	for _, r := range rs {
		r.ws.Close()
	}
	leaves := 0
	for len(seen) > 0 {
		f := ed.next()
		follow(f)
		leaves++
	}
	if frames > readers/4 || leaves > readers/4 {
		t.Fatalf("%d frames for %d joins, %d for their leaves", frames, readers, leaves)
	}
	ed.sendOp(0, 1, `[3,"!"]`)
	if a := ed.until("ack"); a.Version != 1 {
		t.Fatalf("editor after the churn: %+v", a)
	}
	if body := env.metrics(); !strings.Contains(body, "commonplace_live_slow_clients_total 0") {
		t.Fatalf("slow clients: %s", body)
	}
}
