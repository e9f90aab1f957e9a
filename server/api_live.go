package server

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/collab"
	"github.com/commonplace/commonplace/collab/hub"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/server/httpx"
)

const (
	liveWriteWait  = 10 * time.Second
	livePongWait   = 60 * time.Second
	livePingPeriod = livePongWait * 9 / 10
	// A frame is an op plus a little JSON around it (docs/protocol.md).
	liveReadLimit = 1<<20 + 4<<10
	maxOpsPage    = 1000
)

// apiLive upgrades to the live-editing WebSocket (docs/protocol.md).
func (s *Server) apiLive(c echo.Context) error {
	req := c.Request()
	if _, err := s.app.Check(req.Context(), httpx.Actor(c), c.Param("id"), resource.View); err != nil {
		return err
	}
	if !app.ValidClientID(c.QueryParam("client")) {
		return httpx.NewError(http.StatusBadRequest, "bad_request", "client must be 1–64 printable characters")
	}
	since, err := httpx.QueryInt(c, "since", -1, 0, math.MaxInt64)
	if err != nil {
		return err
	}
	if !websocket.IsWebSocketUpgrade(req) {
		return httpx.NewError(http.StatusBadRequest, "bad_request", "this endpoint speaks WebSocket")
	}
	viaBearer := httpx.ViaBearer(c)
	if !viaBearer && !sameOrigin(req) {
		return httpx.NewError(http.StatusForbidden, "forbidden", "cross-origin live connections are not allowed")
	}
	who, addr := httpx.Actor(c), c.RealIP()
	up := websocket.Upgrader{
		// Small read buffer (frames from people typing are tiny; larger
		// ones still arrive, in pieces) and pooled write buffers: together
		// they keep an idle connection's memory down.
		ReadBufferSize: 1024, WriteBufferSize: 4096, WriteBufferPool: &s.wsWrite,
		// A bearer token is no ambient credential; a cookie is, so a
		// cookie-authenticated socket must come from our own pages.
		CheckOrigin: func(r *http.Request) bool { return viaBearer || sameOrigin(r) },
	}
	if !s.slots.take(who.ID, addr) {
		return refuseLive(up, c, closeTooMany, "too many connections")
	}
	hc, err := s.app.ConnectLive(req.Context(), who, app.LiveRequest{ResourceID: c.Param("id"), ClientID: c.QueryParam("client"), Since: since})
	if err != nil {
		s.slots.give(who.ID, addr)
		return err
	}
	ws, err := up.Upgrade(c.Response(), req, nil)
	if err != nil {
		hc.Close()
		s.slots.give(who.ID, addr)
		return nil // the upgrader has answered
	}
	// The socket is served by two fresh goroutines and this handler
	// returns: the request goroutine, deep in the middleware chain, would
	// otherwise keep a large stack alive for the life of every connection.
	go func() {
		defer s.slots.give(who.ID, addr)
		serveLive(ws, hc)
	}()
	return nil
}

// refuseLive upgrades and closes at once with code: a browser sees a close
// code, never the status of a refused handshake.
func refuseLive(up websocket.Upgrader, c echo.Context, code int, reason string) error {
	ws, err := up.Upgrade(c.Response(), c.Request(), nil)
	if err != nil {
		return nil // the upgrader has answered
	}
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(liveWriteWait))
	_ = ws.Close()
	return nil
}

// sameOrigin reports whether the Origin header, when present, names this
// host (browsers always send it on WebSocket handshakes).
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// serveLive pumps frames between the socket and the hub conn: this goroutine
// reads, one more writes. It returns when both are done. It owns ws and hc:
// nothing of the HTTP request may be used here (it has ended).
func serveLive(ws *websocket.Conn, hc *hub.Conn) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		writeLive(ws, hc)
	}()
	ws.SetReadLimit(liveReadLimit)
	_ = ws.SetReadDeadline(time.Now().Add(livePongWait))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(livePongWait)) })
	for {
		kind, data, err := ws.ReadMessage()
		if err != nil {
			break
		}
		_ = ws.SetReadDeadline(time.Now().Add(livePongWait))
		if kind != websocket.TextMessage {
			data = []byte("binary frame") // answered with bad_message
		}
		hc.Receive(data)
	}
	hc.Close()
	<-done
}

func writeLive(ws *websocket.Conn, hc *hub.Conn) {
	defer ws.Close()
	ping := time.NewTicker(livePingPeriod)
	defer ping.Stop()
	frames := hc.Frames()
	var batch []byte
	for {
		select {
		case f, ok := <-frames:
			_ = ws.SetWriteDeadline(time.Now().Add(liveWriteWait))
			if !ok {
				// The hub dropped us: say why (docs/protocol.md).
				_ = ws.WriteMessage(websocket.CloseMessage, closeFrame(hc))
				return
			}
			msg, closed := coalesce(f, frames, &batch)
			if err := ws.WriteMessage(websocket.TextMessage, msg); err != nil {
				hc.Close()
				drain(frames)
				return
			}
			if closed {
				_ = ws.WriteMessage(websocket.CloseMessage, closeFrame(hc))
				return
			}
		case <-ping.C:
			_ = ws.SetWriteDeadline(time.Now().Add(liveWriteWait))
			if err := ws.WriteMessage(websocket.PingMessage, nil); err != nil {
				hc.Close()
				drain(frames)
				return
			}
		}
	}
}

// closeFrame is the close message for a conn the hub ended: 1001 "reconnect"
// (slow, replaced, shutting down: resume with since), or the code of a
// rights change the client must not answer by reconnecting in a loop.
func closeFrame(hc *hub.Conn) []byte {
	if code := hc.CloseCode(); code != 0 {
		return websocket.FormatCloseMessage(code, hub.CloseText(code))
	}
	return websocket.FormatCloseMessage(websocket.CloseGoingAway, "reconnect")
}

// maxCoalesce bounds how many queued frames go out in one message.
const maxCoalesce = 64

// coalesce returns first alone when nothing else is queued, or first and the
// frames already waiting as one JSON array message (docs/protocol.md): with
// many people in one document, one write per frame per client is what the
// server spends its time on, and batching only what is already waiting adds
// no delay. closed reports that the hub closed the channel meanwhile.
func coalesce(first []byte, frames <-chan []byte, buf *[]byte) (msg []byte, closed bool) {
	var more [][]byte
gather:
	for len(more) < maxCoalesce-1 {
		select {
		case f, ok := <-frames:
			if !ok {
				closed = true
				break gather
			}
			more = append(more, f)
		default:
			break gather
		}
	}
	if len(more) == 0 {
		return first, closed
	}
	b := append((*buf)[:0], '[')
	b = append(b, first...)
	for _, f := range more {
		b = append(append(b, ','), f...)
	}
	b = append(b, ']')
	*buf = b
	return b, closed
}

func drain(frames <-chan []byte) {
	for range frames {
	}
}

type opsRequest struct {
	Base *int64          `json:"base"`
	Ops  json.RawMessage `json:"ops"`
}

// apiPostOps applies one op for a script: POST {base, ops} → {version}.
func (s *Server) apiPostOps(c echo.Context) error {
	var req opsRequest
	if err := httpx.ReadJSON(c, &req); err != nil {
		return err
	}
	if _, err := s.app.Check(c.Request().Context(), httpx.Actor(c), c.Param("id"), resource.EditContent); err != nil {
		return err
	}
	if req.Base == nil || len(req.Ops) == 0 {
		return &httpx.Error{Status: http.StatusUnprocessableEntity, Code: "invalid", Message: "base and ops are required", Field: "ops"}
	}
	op, err := collab.ParseOp(req.Ops, s.app.Limits())
	if err != nil {
		return err
	}
	v, err := s.app.SubmitOp(c.Request().Context(), httpx.Actor(c), c.Param("id"), *req.Base, op)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"version": v})
}

type opJSON struct {
	Version int64     `json:"version"`
	Author  string    `json:"author"`
	Client  string    `json:"client"`
	Seq     int64     `json:"seq"`
	Ops     collab.Op `json:"ops"`
	Time    time.Time `json:"time"`
}

// apiGetOps lists committed ops after since (at most limit, 1000 by default).
func (s *Server) apiGetOps(c echo.Context) error {
	if _, err := s.app.Check(c.Request().Context(), httpx.Actor(c), c.Param("id"), resource.View); err != nil {
		return err
	}
	since, err := httpx.QueryInt(c, "since", 0, 0, math.MaxInt64)
	if err != nil {
		return err
	}
	limit, err := httpx.QueryInt(c, "limit", maxOpsPage, 1, maxOpsPage)
	if err != nil {
		return err
	}
	ops, err := s.app.OpsSince(c.Request().Context(), httpx.Actor(c), c.Param("id"), since, int(limit))
	if err != nil {
		return err
	}
	out := make([]opJSON, len(ops))
	for i, o := range ops {
		out[i] = opJSON{Version: o.Version, Author: o.Author, Client: o.Client, Seq: o.Seq, Ops: o.Op, Time: o.Time.UTC()}
	}
	return c.JSON(http.StatusOK, map[string]any{"ops": out})
}
