package media

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"
)

func raster(t *testing.T, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	m := image.NewPaletted(image.Rect(0, 0, 8, 6), color.Palette{color.White, color.Black})
	m.SetColorIndex(1, 1, 1)
	var b bytes.Buffer
	if err := enc(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCheckRecognisesByContent(t *testing.T) {
	pngData := raster(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) })
	jpegData := raster(t, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) })
	gifData := raster(t, func(b *bytes.Buffer, m image.Image) error { return gif.Encode(b, m, nil) })
	for name, c := range map[string]struct {
		data []byte
		typ  string
	}{
		"png":  {pngData, "image/png"},
		"jpeg": {jpegData, "image/jpeg"},
		"gif":  {gifData, "image/png"}, // converted
		"svg":  {[]byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>`), "image/svg+xml"},
	} {
		t.Run(name, func(t *testing.T) {
			m, err := Check(c.data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if m.MediaType != c.typ || len(m.Hash) != 32 || m.Name() != m.Hash+Extensions[c.typ] {
				t.Errorf("got %s %s %s", m.MediaType, m.Hash, m.Name())
			}
			if m.Hash != HashOf(m.Data) {
				t.Errorf("hash is not of the stored bytes")
			}
			if c.typ != "image/svg+xml" && (m.Width != 8 || m.Height != 6) {
				t.Errorf("size %d×%d", m.Width, m.Height)
			}
		})
	}
}

func TestCheckRefusals(t *testing.T) {
	pngData := raster(t, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) })
	for name, c := range map[string]struct {
		data []byte
		lim  Limits
		kind error
	}{
		"text named png":  {[]byte("hello, I am not a picture"), Limits{}, ErrUnsupported},
		"html":            {[]byte("<html><script>alert(1)</script></html>"), Limits{}, ErrUnsupported},
		"empty":           {nil, Limits{}, ErrMalformed},
		"truncated png":   {pngData[:20], Limits{}, ErrMalformed},
		"too many bytes":  {pngData, Limits{MaxBytes: 10}, ErrTooLarge},
		"too many pixels": {pngData, Limits{MaxPixels: 40}, ErrTooLarge},
		"broken svg":      {[]byte(`<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`), Limits{}, ErrMalformed},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Check(c.data, c.lim)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, c.kind) || e.Reason == "" {
				t.Errorf("err = %v, want %v", err, c.kind)
			}
		})
	}
}
