package hub

import "sync/atomic"

// Frame is one encoded server → client frame (a JSON object). A broadcast is encoded once and
// the same *Frame is queued for every recipient; the adapter may keep one wire form of it for
// all of them (Wire), so a frame sent to 500 people is framed once, not 500 times.
type Frame struct {
	JSON   []byte
	shared bool
	wire   atomic.Pointer[any]
}

// Shared reports whether the frame goes to more than one client (a broadcast), the case where
// a cached wire form pays for itself.
func (f *Frame) Shared() bool { return f.shared }

// Wire returns the adapter's wire form of the frame, made by mk on first use and kept with the
// frame for its other recipients. Safe for concurrent use (two first uses may both call mk;
// one result is kept).
func (f *Frame) Wire(mk func(json []byte) any) any {
	if w := f.wire.Load(); w != nil {
		return *w
	}
	v := mk(f.JSON)
	if f.wire.CompareAndSwap(nil, &v) {
		return v
	}
	return *f.wire.Load()
}

func single(b []byte) *Frame    { return &Frame{JSON: b} }
func broadcast(b []byte) *Frame { return &Frame{JSON: b, shared: true} }
