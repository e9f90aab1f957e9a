package export

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// zipWriter writes an archive whose bytes depend only on its content: every entry carries the
// same time.
type zipWriter struct {
	buf      bytes.Buffer
	zw       *zip.Writer
	modified time.Time
	names    map[string]bool
}

func newZip(modified time.Time) *zipWriter {
	z := &zipWriter{modified: modified, names: map[string]bool{}}
	z.zw = zip.NewWriter(&z.buf)
	return z
}

// add writes one entry; stored entries are not compressed (EPUB's mimetype must not be).
func (z *zipWriter) add(name string, data []byte, stored bool) error {
	if z.names[name] {
		return fmt.Errorf("zip entry %s written twice", name)
	}
	z.names[name] = true
	method := zip.Deflate
	if stored {
		method = zip.Store
	}
	hdr := &zip.FileHeader{Name: name, Method: method, Modified: z.modified}
	if stored {
		// A time adds an extended-timestamp extra field, which EPUB forbids on its mimetype.
		hdr.Modified = time.Time{}
	}
	w, err := z.zw.CreateHeader(hdr)
	if err != nil {
		return fmt.Errorf("zip entry %s: %w", name, err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("zip entry %s: %w", name, err)
	}
	return nil
}

func (z *zipWriter) bytes() ([]byte, error) {
	if err := z.zw.Close(); err != nil {
		return nil, fmt.Errorf("close zip: %w", err)
	}
	return z.buf.Bytes(), nil
}

// slug makes a file name from a title: ASCII letters and digits joined by dashes, or fallback
// when the title has none (a Chinese or Arabic title).
func slug(title, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	s := b.String()
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	if s == "" {
		return fallback
	}
	return s
}

// fileNames gives each document a distinct base name.
func fileNames(titles []string) []string {
	out := make([]string, len(titles))
	seen := map[string]int{}
	for i, t := range titles {
		s := slug(t, "resource")
		seen[s]++
		if seen[s] > 1 || len(titles) > 1 {
			s = fmt.Sprintf("%02d-%s", i+1, s)
		}
		out[i] = s
	}
	return out
}
