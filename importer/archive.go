package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// archive is a zip read within limits: the sum of what it unpacks is bounded, so a small file
// that inflates to gigabytes is refused instead of filling memory.
type archive struct {
	format Format
	files  map[string]*zip.File
	order  []string
	budget int64
	opt    Options
}

func openArchive(f Format, data []byte, opt Options) (*archive, error) {
	if int64(len(data)) > opt.MaxBytes {
		return nil, refuse(f, ErrTooLarge, "the file is larger than the limit", nil)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse(f, ErrMalformed, "the archive cannot be read", err)
	}
	a := &archive{format: f, files: map[string]*zip.File{}, budget: opt.MaxUnpacked, opt: opt}
	for _, zf := range zr.File {
		name := path.Clean(strings.TrimPrefix(zf.Name, "/"))
		a.files[name] = zf
		a.order = append(a.order, name)
	}
	return a, nil
}

// read returns one entry's content, or an error that says which.
func (a *archive) read(name string) ([]byte, error) {
	zf, ok := a.files[path.Clean(name)]
	if !ok {
		return nil, refuse(a.format, ErrMalformed, fmt.Sprintf("the archive has no %s", name), nil)
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, refuse(a.format, ErrMalformed, fmt.Sprintf("%s cannot be read", name), err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, a.budget+1))
	if err != nil {
		return nil, refuse(a.format, ErrMalformed, fmt.Sprintf("%s cannot be read", name), err)
	}
	if int64(len(data)) > a.budget {
		return nil, refuse(a.format, ErrTooLarge, "the archive unpacks to more than the limit", nil)
	}
	a.budget -= int64(len(data))
	return data, nil
}

func (a *archive) has(name string) bool {
	_, ok := a.files[path.Clean(name)]
	return ok
}

// image reads a picture from the archive for a document, within the per-image limit.
func (a *archive) image(name string) ([]byte, bool) {
	zf, ok := a.files[path.Clean(name)]
	if !ok || int64(zf.UncompressedSize64) > a.opt.MaxImage {
		return nil, false
	}
	data, err := a.read(name)
	if err != nil || int64(len(data)) > a.opt.MaxImage {
		return nil, false
	}
	return data, true
}
