package importer

import (
	"github.com/commonplace/commonplace/media"
	"path"
	"sort"
	"strings"

	"github.com/commonplace/commonplace/interchange"
)

// ReadMarkdownZip reads a zip of Markdown files with their pictures (what package export
// writes for several documents or for a document with images): one document per .md file, in
// name order, each with the images its text refers to by a path relative to it.
func ReadMarkdownZip(data []byte, opt Options) ([]interchange.Document, error) {
	opt = opt.withDefaults()
	a, err := openArchive(MarkdownZip, data, opt)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range a.order {
		if strings.EqualFold(path.Ext(n), ".md") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) > opt.MaxDocuments {
		return nil, refuse(MarkdownZip, ErrTooLarge, "the archive holds more documents than the limit", nil)
	}
	var docs []interchange.Document
	for _, n := range names {
		raw, err := a.read(n)
		if err != nil {
			return nil, err
		}
		d, err := ReadMarkdown(raw, opt)
		if err != nil {
			if e, ok := err.(*Error); ok {
				e.Reason = n + ": " + e.Reason
			}
			return nil, err
		}
		alts := imageAlts(raw)
		used, names := map[string]bool{}, map[string]bool{}
		for _, src := range interchange.ImageRefs(d.Markdown) {
			if strings.Contains(src, ":") || strings.HasPrefix(src, "/") {
				continue
			}
			p := path.Join(path.Dir(n), src)
			img, ok := a.image(p)
			if !ok || used[p] {
				continue
			}
			used[p] = true
			mediaType := media.Sniff(img)
			if mediaType == "" {
				continue
			}
			name := uniqueName(names, path.Base(p))
			if name != path.Base(p) { // two pictures of the same name in different folders
				d.Markdown = strings.NewReplacer("]("+src, "]("+name, `src="`+src+`"`, `src="`+name+`"`).Replace(d.Markdown)
			}
			d.Images = append(d.Images, interchange.Image{Name: name, MediaType: mediaType, Data: img, Alt: alts[src]})
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return nil, refuse(MarkdownZip, ErrEmpty, "the archive holds no Markdown files", nil)
	}
	return docs, nil
}

// imageAlts reads the images list package export writes in the front matter: file → alt.
func imageAlts(raw []byte) map[string]string {
	out := map[string]string{}
	front, _, ok := splitFrontMatter(raw)
	if !ok {
		return out
	}
	m, err := parseFrontMatter(MarkdownZip, front)
	if err != nil {
		return out
	}
	items, _ := m.get(keys.images).([]any)
	for _, it := range items {
		if im, ok := it.(map[string]any); ok {
			out[scalar(im["file"])] = scalar(im["alt"])
		}
	}
	return out
}
