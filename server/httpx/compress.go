package httpx

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
)

// Compression of responses (issue 14, low bandwidth): brotli or gzip as the client prefers,
// for text bodies of 1 KiB or more. Bodies already compressed (a precompressed static file,
// images, archives, EPUB) and WebSocket upgrades pass through untouched.

// MinCompress is the smallest body worth compressing: below it the encoding's own overhead
// and the CPU cost outweigh what is saved.
const MinCompress = 1024

// Levels for responses compressed on the fly: brotli 5 and gzip 6 cost a few milliseconds for
// a large page; static files are compressed once, at the best levels (server/web/static.go).
const (
	brotliLevel = 5
	gzipLevel   = gzip.DefaultCompression
)

var (
	brotliPool = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, brotliLevel) }}
	gzipPool   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzipLevel); return w }}
)

// Compress is the middleware; failures to finish a compressed body are logged to log.
func Compress(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if isUpgrade(req) {
				return next(c)
			}
			res := c.Response()
			res.Header().Add("Vary", "Accept-Encoding")
			enc := NegotiateEncoding(req.Header.Get("Accept-Encoding"))
			if enc == "" || req.Method == http.MethodHead {
				return next(c)
			}
			cw := &compressWriter{ResponseWriter: res.Writer, enc: enc}
			res.Writer = cw
			defer func() {
				if err := cw.Close(); err != nil {
					log.WarnContext(req.Context(), "compress response", "err", err)
				}
				res.Writer = cw.ResponseWriter
			}()
			return next(c)
		}
	}
}

// isUpgrade reports a protocol switch (WebSocket): its connection is taken over, never compressed.
func isUpgrade(r *http.Request) bool {
	return r.Header.Get("Upgrade") != "" || strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade")
}

// NegotiateEncoding picks "br" or "gzip" from an Accept-Encoding header (the higher q wins,
// brotli on a tie; q=0 refuses), or "" for no compression. Written here because the one
// library at hand (andybalholm/brotli) keeps its negotiation unexported.
func NegotiateEncoding(header string) string {
	best, bestQ := "", 0.0
	wildcard := -1.0
	q := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		v := 1.0
		for _, p := range strings.Split(params, ";") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
				if err != nil {
					f = 0
				}
				v = f
			}
		}
		if name == "*" {
			wildcard = v
		} else if name != "" {
			q[name] = v
		}
	}
	for _, enc := range []string{"br", "gzip"} {
		v, ok := q[enc]
		if !ok {
			v = max(wildcard, 0)
		}
		if v > bestQ {
			best, bestQ = enc, v
		}
	}
	return best
}

// Compressible reports whether a response of this status and these headers may be compressed.
func Compressible(status int, h http.Header) bool {
	if status < 200 || status == http.StatusNoContent || status == http.StatusPartialContent || status == http.StatusNotModified {
		return false
	}
	if h.Get("Content-Encoding") != "" || h.Get("Content-Range") != "" {
		return false
	}
	ct := strings.ToLower(h.Get("Content-Type"))
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "json") || strings.Contains(ct, "javascript") ||
		strings.Contains(ct, "xml") || strings.Contains(ct, "x-gettext") || strings.Contains(ct, "x-po")
}

// compressWriter holds the first bytes of a body until it knows whether to compress it: a body
// under MinCompress, or of a type that does not gain, goes out as written.
type compressWriter struct {
	http.ResponseWriter
	enc     string
	status  int
	buf     []byte
	encoder io.WriteCloser // the encoder, once compressing
	decided bool
}

func (w *compressWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	if code < 200 {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *compressWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if !w.decided {
		w.buf = append(w.buf, p...)
		if len(w.buf) < MinCompress {
			return len(p), nil
		}
		if err := w.decide(); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if w.encoder != nil {
		return w.encoder.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// decide sends the header, compressed or not, and what was held back.
func (w *compressWriter) decide() error {
	w.decided = true
	h := w.Header()
	if len(w.buf) < MinCompress || !Compressible(w.status, h) {
		w.ResponseWriter.WriteHeader(w.status)
		_, err := w.ResponseWriter.Write(w.buf)
		w.buf = nil
		return err
	}
	h.Del("Content-Length")
	h.Set("Content-Encoding", w.enc)
	// The compressed body is another representation of the same content: a strong validator
	// becomes weak (as nginx does), and If-None-Match compares weakly.
	if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
		h.Set("ETag", "W/"+et)
	}
	w.ResponseWriter.WriteHeader(w.status)
	switch w.enc {
	case "br":
		bw := brotliPool.Get().(*brotli.Writer)
		bw.Reset(w.ResponseWriter)
		w.encoder = pooled{bw, func() { brotliPool.Put(bw) }}
	default:
		gw := gzipPool.Get().(*gzip.Writer)
		gw.Reset(w.ResponseWriter)
		w.encoder = pooled{gw, func() { gzipPool.Put(gw) }}
	}
	_, err := w.encoder.Write(w.buf)
	w.buf = nil
	return err
}

// Close ends the body: what is still held back goes out, and the encoder is finished.
func (w *compressWriter) Close() error {
	if !w.decided {
		if w.status == 0 {
			return nil // nothing was written: the error handler writes the answer
		}
		if err := w.decide(); err != nil {
			return err
		}
	}
	if w.encoder != nil {
		err := w.encoder.Close()
		w.encoder = nil
		return err
	}
	return nil
}

// Flush sends what there is now (streamed answers), deciding on what was written so far.
func (w *compressWriter) Flush() {
	if !w.decided && w.status != 0 {
		if err := w.decide(); err != nil {
			return
		}
	}
	if f, ok := w.encoder.(interface{ Flush() error }); ok {
		_ = f.Flush()
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack hands the connection over (never compressed: upgrades skip this writer).
func (w *compressWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := w.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, fmt.Errorf("compress: the response writer cannot be hijacked")
}

// Unwrap lets http.ResponseController reach the connection.
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// pooled is an encoder that goes back to its pool when closed.
type pooled struct {
	io.WriteCloser
	put func()
}

func (p pooled) Close() error {
	err := p.WriteCloser.Close()
	p.put()
	return err
}

func (p pooled) Flush() error {
	if f, ok := p.WriteCloser.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}
