// Package media checks pictures people put into resources: the type is read from the bytes,
// never from a name or a header the client sends; sizes and pixel counts are bounded; SVG is
// rewritten from allow lists so that it holds nothing that runs or reaches the network. It is
// pure: the service stores what Check returns and serves it unchanged.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/gif"
	_ "image/jpeg" // DecodeConfig for JPEG
	"image/png"
	"time"

	_ "golang.org/x/image/webp" // DecodeConfig for WebP
)

// Limits bound what an image may cost. Zero values take the defaults.
type Limits struct {
	MaxBytes  int64 // the file, after sanitising (default 5 MiB)
	MaxPixels int64 // width × height of a raster image (default 40 million)
}

// DefaultLimits are the limits when none are configured.
var DefaultLimits = Limits{MaxBytes: 5 << 20, MaxPixels: 40_000_000}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultLimits.MaxPixels
	}
	return l
}

// Image is a checked picture, ready to store and serve.
type Image struct {
	MediaType     string // image/png, image/jpeg, image/webp or image/svg+xml
	Data          []byte
	Width, Height int // 0 for SVG
	Hash          string
}

// Ext is the file extension of the image's type, with its dot.
func (m Image) Ext() string { return Extensions[m.MediaType] }

// Name is the image's stable file name: its hash and extension ("3f2a….png").
func (m Image) Name() string { return m.Hash + m.Ext() }

// Extensions maps the accepted types to their extensions.
var Extensions = map[string]string{
	"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp", "image/svg+xml": ".svg",
}

// HashOf is the content hash that names an image: the first 32 hex digits (128 bits) of
// SHA-256, enough that two different pictures of one resource never share a name.
func HashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// Check recognises data as PNG, JPEG, WebP, GIF or SVG by its bytes, bounds it, and returns
// what may be stored: rasters unchanged (GIF converted to PNG, its first frame: the service
// serves four types), SVG sanitised. Anything else is refused with an *Error.
func Check(data []byte, lim Limits) (Image, error) {
	lim = lim.withDefaults()
	if len(data) == 0 {
		return Image{}, refuse(ErrMalformed, "the file is empty")
	}
	if int64(len(data)) > lim.MaxBytes {
		return Image{}, refuse(ErrTooLarge, fmt.Sprintf("the image is %s; the limit is %s", size(int64(len(data))), size(lim.MaxBytes)))
	}
	typ := Sniff(data)
	var out Image
	switch typ {
	case "":
		return Image{}, refuse(ErrUnsupported, "the file is not a PNG, JPEG, WebP, GIF or SVG image")
	case "image/svg+xml":
		clean, err := SanitizeSVG(data)
		if err != nil {
			return Image{}, err
		}
		if int64(len(clean)) > lim.MaxBytes {
			return Image{}, refuse(ErrTooLarge, "the sanitised image is larger than the limit")
		}
		out = Image{MediaType: typ, Data: clean}
	default:
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return Image{}, &Error{Kind: ErrMalformed, Reason: "the image cannot be read", Cause: err}
		}
		if cfg.Width <= 0 || cfg.Height <= 0 {
			return Image{}, refuse(ErrMalformed, "the image has no pixels")
		}
		if int64(cfg.Width)*int64(cfg.Height) > lim.MaxPixels {
			return Image{}, refuse(ErrTooLarge, fmt.Sprintf("the image is %d × %d pixels; the limit is %d million pixels", cfg.Width, cfg.Height, lim.MaxPixels/1_000_000))
		}
		out = Image{MediaType: typ, Data: data, Width: cfg.Width, Height: cfg.Height}
		if typ == "image/gif" {
			if out.Data, err = gifToPNG(data); err != nil {
				return Image{}, &Error{Kind: ErrMalformed, Reason: "the GIF image cannot be read", Cause: err}
			}
			out.MediaType = "image/png"
		}
	}
	out.Hash = HashOf(out.Data)
	return out, nil
}

// Sniff names the type of an image from its first bytes ("" when it is none of ours).
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif"
	case len(data) >= 12 && bytes.Equal(data[:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		return "image/webp"
	}
	if looksLikeSVG(data) {
		return "image/svg+xml"
	}
	return ""
}

// looksLikeSVG: XML whose first element is <svg>, after an optional declaration, comments and
// a document type.
func looksLikeSVG(data []byte) bool {
	head := bytes.TrimPrefix(data[:min(len(data), 4096)], []byte("\ufeff"))
	for {
		head = bytes.TrimLeft(head, " \t\r\n")
		switch {
		case bytes.HasPrefix(head, []byte("<svg")):
			return len(head) > 4 && (head[4] == ' ' || head[4] == '>' || head[4] == '\n' || head[4] == '\t' || head[4] == '\r' || head[4] == '/')
		case bytes.HasPrefix(head, []byte("<?")):
			i := bytes.Index(head, []byte("?>"))
			if i < 0 {
				return false
			}
			head = head[i+2:]
		case bytes.HasPrefix(head, []byte("<!--")):
			i := bytes.Index(head, []byte("-->"))
			if i < 0 {
				return false
			}
			head = head[i+3:]
		case bytes.HasPrefix(head, []byte("<!DOCTYPE")):
			i := bytes.IndexByte(head, '>')
			if i < 0 {
				return false
			}
			head = head[i+1:]
		default:
			return false
		}
	}
}

func gifToPNG(data []byte) ([]byte, error) {
	m, err := gif.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Record is a picture held by a resource, as the service stores it: the checked image, the
// text alternative its author wrote, and who added it when.
type Record struct {
	ResourceID string
	Image
	Alt     string
	AddedBy string
	Created time.Time
}
