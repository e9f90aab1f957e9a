package importer

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/commonplace/commonplace/media"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/commonplace/commonplace/interchange"
	"github.com/commonplace/commonplace/license"
)

// Pandoc converts Word documents with the pandoc program. No Go library on the module proxy
// reads DOCX beyond its plain text; pandoc keeps headings, lists, tables, links, images and
// turns Word equations (OMML) into LaTeX. It runs as a separate process with a time limit.
type Pandoc struct {
	Path    string
	Timeout time.Duration // default 60 s
}

// FindPandoc returns pandoc from PATH, or nil when it is not installed (DOCX is then refused).
func FindPandoc() *Pandoc {
	p, err := exec.LookPath("pandoc")
	if err != nil {
		return nil
	}
	return &Pandoc{Path: p}
}

// convert runs pandoc on a .docx and returns GitHub Markdown (formulas as $…$) and the folder
// the pictures were extracted to.
func (p *Pandoc) convert(ctx context.Context, data []byte, dir string) (string, error) {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	in := filepath.Join(dir, "in.docx")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return "", fmt.Errorf("write docx for pandoc: %w", err)
	}
	cmd := exec.CommandContext(ctx, p.Path, "--from=docx", "--to=gfm+tex_math_dollars", "--wrap=none",
		"--extract-media="+filepath.Join(dir, "media"), in)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("pandoc: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

type coreProperties struct {
	Title       string `xml:"title"`
	Creator     string `xml:"creator"`
	Description string `xml:"description"`
	Subject     string `xml:"subject"`
	Keywords    string `xml:"keywords"`
	Language    string `xml:"language"`
	Created     string `xml:"created"`
	Modified    string `xml:"modified"`
}

// ReadDOCX reads a Word document through pandoc: the text as Markdown, pictures as images, and
// the document properties (title, author, description, keywords, language) as metadata.
func ReadDOCX(ctx context.Context, data []byte, opt Options) ([]interchange.Document, error) {
	opt = opt.withDefaults()
	a, err := openArchive(DOCX, data, opt)
	if err != nil {
		return nil, err
	}
	if !a.has("word/document.xml") {
		return nil, refuse(DOCX, ErrMalformed, "the file is not a Word document (no word/document.xml)", nil)
	}
	if opt.Pandoc == nil {
		return nil, refuse(DOCX, ErrUnsupported, "Word documents need pandoc, which is not installed on this server", nil)
	}
	var d interchange.Document
	if a.has("docProps/core.xml") {
		raw, err := a.read("docProps/core.xml")
		if err != nil {
			return nil, err
		}
		var cp coreProperties
		if err := xml.Unmarshal(raw, &cp); err == nil {
			d.Title, d.Summary, d.Language = strings.TrimSpace(cp.Title), strings.TrimSpace(cp.Description), languageTag(cp.Language)
			for _, n := range strings.Split(cp.Creator, ";") {
				if n = strings.TrimSpace(n); n != "" {
					d.Authors = append(d.Authors, license.Person{Name: n})
				}
			}
			d.Subjects = list(strings.ReplaceAll(firstNonEmpty(cp.Keywords, cp.Subject), ";", ","))
			d.Created, d.Updated = timeValue(cp.Created), timeValue(cp.Modified)
		}
	}
	dir, err := os.MkdirTemp("", "commonplace-docx-")
	if err != nil {
		return nil, fmt.Errorf("import docx: %w", err)
	}
	defer os.RemoveAll(dir)
	md, err := opt.Pandoc.convert(ctx, data, dir)
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			return nil, refuse(DOCX, ErrTooLarge, "the document took too long to convert", err)
		}
		return nil, refuse(DOCX, ErrMalformed, "the Word document cannot be converted", err)
	}
	d.Markdown, d.Images = collectMedia(md, filepath.Join(dir, "media"), opt)
	if d.Title == "" {
		d.Title = firstHeading([]byte(d.Markdown))
	}
	if strings.TrimSpace(d.Markdown) == "" {
		return nil, refuse(DOCX, ErrEmpty, "the document holds no text", nil)
	}
	return []interchange.Document{d}, nil
}

// collectMedia reads the pictures pandoc extracted and points the text at them by name.
func collectMedia(md, mediaDir string, opt Options) (string, []interchange.Image) {
	var images []interchange.Image
	used := map[string]bool{}
	_ = filepath.WalkDir(mediaDir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		info, err := e.Info()
		if err != nil || info.Size() > opt.MaxImage {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		name := uniqueName(used, filepath.Base(p))
		mediaType := media.Sniff(data)
		if mediaType == "" {
			return nil
		}
		images = append(images, interchange.Image{Name: name, MediaType: mediaType, Data: data})
		md = strings.ReplaceAll(md, p, name)
		return nil
	})
	return md, images
}
