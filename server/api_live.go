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
	livePingPeriod = livePongWait * 9 / 10 // a whole number of seconds (livePinger)
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
	batch, ok1 := flagParam(c.QueryParam("batch"))
	compose, ok2 := flagParam(c.QueryParam("compose"))
	if !ok1 || !ok2 {
		return httpx.NewError(http.StatusBadRequest, "bad_request", "batch and compose must be 0 or 1")
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
		// A small read buffer (a keystroke's frame is about a hundred bytes;
		// a larger message is read past the buffer, straight into the
		// message) and pooled write buffers: together they keep an idle
		// connection's memory down. gorilla's floor is 125 bytes, a control
		// frame's largest payload.
		ReadBufferSize: 256, WriteBufferSize: 4096, WriteBufferPool: &s.wsWrite,
		// A bearer token is no ambient credential; a cookie is, so a
		// cookie-authenticated socket must come from our own pages.
		CheckOrigin: func(r *http.Request) bool { return viaBearer || sameOrigin(r) },
	}
	if !s.slots.take(who.ID, addr) {
		return refuseLive(up, c, closeTooMany, "too many connections")
	}
	hc, err := s.app.ConnectLive(req.Context(), who, app.LiveRequest{ResourceID: c.Param("id"), ClientID: c.QueryParam("client"), Since: since, Compose: compose})
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
	// The socket is read by a fresh goroutine and written by the shared
	// writers, and this handler returns: the request goroutine, deep in the
	// middleware chain, would otherwise keep a large stack alive for the
	// life of every connection.
	sock := &liveSocket{ws: ws, raw: liveRawConn(ws.NetConn()), hc: hc, batch: batch, pool: s.writers, closed: make(chan struct{})}
	go func() {
		defer s.slots.give(who.ID, addr)
		s.serveLive(sock)
	}()
	return nil
}

// flagParam reads an opt-in query parameter: absent or "0" is off, "1" on.
func flagParam(v string) (on, ok bool) {
	switch v {
	case "", "0":
		return false, true
	case "1":
		return true, true
	}
	return false, false
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

// serveLive reads the socket until it fails, handing every frame to the
// hub; the writers (live_writer.go) send what the hub queues. It returns once
// the hub has dropped the conn and the socket is closed. Nothing of the HTTP
// request may be used here (it has ended).
func (s *Server) serveLive(sock *liveSocket) {
	ws, hc := sock.ws, sock.hc
	bucket := s.pinger.add(sock)
	defer s.pinger.remove(sock, bucket)
	hc.Start(sock.wake)
	ws.SetReadLimit(liveReadLimit)
	_ = ws.SetReadDeadline(time.Now().Add(livePongWait))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(livePongWait)) })
	// Pongs and the close reply are written by the socket's owner, never from here.
	ws.SetPingHandler(func(data string) error { sock.control(websocket.PongMessage, []byte(data)); return nil })
	ws.SetCloseHandler(func(code int, _ string) error {
		sock.control(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""))
		return nil
	})
	armed := time.Now()
	for receiveNext(ws, hc) {
		// Moving the deadline updates a runtime timer; once a second is enough for a wait of
		// a minute (the pong handler always moves it).
		if now := time.Now(); now.Sub(armed) >= time.Second {
			armed = now
			_ = ws.SetReadDeadline(now.Add(livePongWait))
		}
	}
	hc.Close()
	<-sock.closed
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
