package server_test

import (
	"context"
	"net/url"
	"regexp"

	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/auth"
	"github.com/commonplace/commonplace/collab"

	"github.com/gorilla/websocket"
)

// frame is any server → client frame, decoded loosely.
type frame struct {
	Type        string          `json:"type"`
	Version     int64           `json:"version"`
	From        *int64          `json:"from"` // composed ops (large rooms, compose=1)
	Text        string          `json:"text"`
	Role        string          `json:"role"`
	Seq         *int64          `json:"seq"`
	Code        string          `json:"code"`
	Author      string          `json:"author"`
	Client      string          `json:"client"`
	Ops         json.RawMessage `json:"ops"`
	Attribution json.RawMessage `json:"attribution"`
	CanEdit     bool            `json:"can_edit"`
	Join        []frame         `json:"join"`  // peers frames
	Leave       []frame         `json:"leave"` // peers frames
}

// wsClient is a live-protocol client on a real socket.
type wsClient struct {
	t      testing.TB
	ws     *websocket.Conn
	queued []json.RawMessage // frames of the last message not yet read
}

func wsURL(base, id, client string, since int64) string {
	u := strings.Replace(base, "http://", "ws://", 1) + "/api/v1/resources/" + id + "/live?client=" + client
	if since >= 0 {
		u += fmt.Sprintf("&since=%d", since)
	}
	return u
}

// dialLive connects with a bearer token; it returns the HTTP status on a refused upgrade.
func dialLive(t testing.TB, base, token, id, client string, since int64) (*wsClient, int) {
	t.Helper()
	return dialLiveURL(t, wsURL(base, id, client, since), token)
}

// dialLiveURL connects to a live URL with a bearer token (anonymously without one).
func dialLiveURL(t testing.TB, u, token string) (*wsClient, int) {
	t.Helper()
	h := http.Header{}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	ws, resp, err := websocket.DefaultDialer.Dial(u, h)
	if err != nil {
		if resp != nil {
			return nil, resp.StatusCode
		}
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { ws.Close() })
	return &wsClient{t: t, ws: ws}, http.StatusSwitchingProtocols
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	var b []byte
	switch x := v.(type) {
	case string:
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

func (c *wsClient) sendOp(base, seq int64, ops string) {
	c.t.Helper()
	c.send(fmt.Sprintf(`{"type":"op","base":%d,"seq":%d,"ops":%s}`, base, seq, ops))
}

// next reads one frame (failing the test after 10 s).
func (c *wsClient) next() frame {
	c.t.Helper()
	f, err := c.read(10 * time.Second)
	if err != nil {
		c.t.Fatalf("read frame: %v", err)
	}
	return f
}

func (c *wsClient) read(d time.Duration) (frame, error) {
	if len(c.queued) == 0 {
		_ = c.ws.SetReadDeadline(time.Now().Add(d))
		_, b, err := c.ws.ReadMessage()
		if err != nil {
			return frame{}, err
		}
		if c.queued, err = splitFrames(b); err != nil {
			return frame{}, fmt.Errorf("bad message %q: %w", b, err)
		}
	}
	raw := c.queued[0]
	c.queued = c.queued[1:]
	var f frame
	if err := json.Unmarshal(raw, &f); err != nil {
		return frame{}, fmt.Errorf("bad frame %q: %w", raw, err)
	}
	return f, nil
}

// until reads frames until one of type typ arrives, and returns it.
func (c *wsClient) until(typ string) frame {
	c.t.Helper()
	for range 1000 {
		if f := c.next(); f.Type == typ {
			return f
		}
	}
	c.t.Fatalf("no %s frame", typ)
	return frame{}
}

// applyJSON applies an op (JSON) to text.
func applyJSON(t testing.TB, text string, ops json.RawMessage) string {
	t.Helper()
	op, err := collab.ParseOp(ops, collab.Limits{})
	if err != nil {
		t.Fatalf("op %s: %v", ops, err)
	}
	d := collab.NewDoc(text)
	if err := d.Apply(op, collab.Limits{}); err != nil {
		t.Fatalf("apply %s to %q: %v", ops, text, err)
	}
	return d.String()
}

// liveText reads the current text and version through the REST API.
func (c *client) liveText(id string) (string, int64) {
	c.env.t.Helper()
	status, body := c.do("GET", "/api/v1/resources/"+id, nil)
	if status != http.StatusOK {
		c.env.t.Fatalf("get resource: %d %v", status, body)
	}
	v, _ := body["version"].(float64)
	text, _ := body["content"].(string)
	return text, int64(v)
}

func (c *client) share(id, handle, role string) {
	c.env.t.Helper()
	status, body := c.do("PUT", "/api/v1/resources/"+id+"/collaborators/"+handle, map[string]any{"role": role})
	if status != http.StatusOK {
		c.env.t.Fatalf("share %s as %s: %d %v", handle, role, status, body)
	}
}

func (c *client) handle() string { return c.user["handle"].(string) }

func dialHeader(u string, h http.Header) (*websocket.Conn, *http.Response, error) {
	return websocket.DefaultDialer.Dial(u, h)
}

// sessionFor signs userID in as a browser would and returns the cookie value.
func sessionFor(t testing.TB, env *testEnv, userID string) string {
	t.Helper()
	token, hash, err := auth.NewToken(auth.SessionPrefix)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.DB.CreateSession(context.Background(), userID, hash, time.Now().Add(time.Hour), "test"); err != nil {
		t.Fatal(err)
	}
	return token
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func cookies(name, value string) []*http.Cookie {
	return []*http.Cookie{{Name: name, Value: value, Path: "/"}}
}

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]*)"`)

func csrfFrom(page string) string {
	if m := csrfMeta.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}
