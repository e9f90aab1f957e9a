package importer

import "bytes"

// imageType recognises a picture by its first bytes, never by its name: PNG, JPEG, GIF, WebP
// or SVG, or "" for anything else (which is then not imported as an image). SVG is returned as
// found; the service sanitises it on the way in, as it does for uploads.
func imageType(data []byte) string {
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
	head := bytes.TrimSpace(bytes.TrimPrefix(data[:min(len(data), 1024)], []byte("\ufeff")))
	if bytes.HasPrefix(head, []byte("<svg")) || (bytes.HasPrefix(head, []byte("<?xml")) || bytes.HasPrefix(head, []byte("<!--")) || bytes.HasPrefix(head, []byte("<!DOCTYPE svg"))) && bytes.Contains(head, []byte("<svg")) {
		return "image/svg+xml"
	}
	return ""
}
