package export

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/commonplace/commonplace/interchange"
	"go.yaml.in/yaml/v3"
)

// frontMatter is the metadata block written before the Markdown. Package importer reads the
// same keys (and common alternatives) back into fields.
type frontMatter struct {
	Title       string     `yaml:"title"`
	Description string     `yaml:"description,omitempty"`
	Language    string     `yaml:"language,omitempty"`
	License     string     `yaml:"license,omitempty"`
	LicenseURL  string     `yaml:"license_url,omitempty"`
	Authors     []fmPerson `yaml:"authors,omitempty"`
	Subjects    []string   `yaml:"subjects,omitempty"`
	Level       string     `yaml:"level,omitempty"`
	Created     string     `yaml:"created,omitempty"`
	Updated     string     `yaml:"updated,omitempty"`
	URL         string     `yaml:"url,omitempty"`
	Identifier  string     `yaml:"identifier,omitempty"`
	Revision    string     `yaml:"revision,omitempty"`
	Attribution string     `yaml:"attribution,omitempty"`
	Images      []fmImage  `yaml:"images,omitempty"`
}

type fmPerson struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url,omitempty"`
}

type fmImage struct {
	File string `yaml:"file"`
	Alt  string `yaml:"alt"`
}

// Markdown writes a document as Markdown with a YAML front-matter block holding its metadata
// and attribution: one .md file, or a zip of .md files (and images/ folders) when there are
// several documents or images.
func (e *Exporter) Markdown(docs []interchange.Document, opt Options) (File, error) {
	if len(docs) == 0 {
		return File{}, ErrNoDocuments
	}
	opt = resolve(docs, opt)
	titles := make([]string, len(docs))
	for i := range docs {
		titles[i] = docs[i].Title
	}
	names := fileNames(titles)
	if len(docs) == 1 && len(docs[0].Images) == 0 {
		data, err := e.markdownFile(&docs[0], "")
		if err != nil {
			return File{}, err
		}
		return File{Name: names[0] + ".md", MediaType: "text/markdown; charset=utf-8", Data: data}, nil
	}
	z := newZip(opt.Modified)
	for i := range docs {
		dir := ""
		if len(docs) > 1 {
			dir = names[i] + "/"
		}
		data, err := e.markdownFile(&docs[i], "images/")
		if err != nil {
			return File{}, err
		}
		if err := z.add(dir+names[i]+".md", data, false); err != nil {
			return File{}, err
		}
		for _, img := range docs[i].Images {
			if err := z.add(dir+"images/"+img.Name, img.Data, false); err != nil {
				return File{}, err
			}
		}
	}
	data, err := z.bytes()
	if err != nil {
		return File{}, err
	}
	return File{Name: slug(opt.Title, "resources") + "-markdown.zip", MediaType: "application/zip", Data: data}, nil
}

// markdownFile writes one document. imageDir, when set, is where its images are packaged: the
// text's references to them are rewritten to point there.
func (e *Exporter) markdownFile(d *interchange.Document, imageDir string) ([]byte, error) {
	fm := frontMatter{
		Title: d.Title, Description: d.Summary, Language: d.Language, License: d.License,
		LicenseURL: licenseOf(d).URL, Subjects: d.Subjects, Level: d.Level,
		Created: timeString(d.Created), Updated: timeString(d.Updated), URL: d.URL, Identifier: identifier(d.ID),
		Revision: d.Revision, Attribution: statement(d).Text,
	}
	for _, a := range d.Authors {
		fm.Authors = append(fm.Authors, fmPerson{Name: a.Name, URL: a.URL})
	}
	text := d.Markdown
	if imageDir != "" {
		for src, i := range imageRefs(d) {
			text = replaceImageRef(text, src, imageDir+d.Images[i].Name)
		}
		for _, img := range d.Images {
			fm.Images = append(fm.Images, fmImage{File: imageDir + img.Name, Alt: img.Alt})
		}
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return nil, fmt.Errorf("front matter of %q: %w", d.Title, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("front matter of %q: %w", d.Title, err)
	}
	b.WriteString("---\n")
	b.WriteString(text)
	return b.Bytes(), nil
}

// imageRefs finds the addresses the text uses for its images.
func imageRefs(d *interchange.Document) map[string]int {
	refs := map[string]int{}
	for _, src := range interchange.ImageRefs(d.Markdown) {
		if i := interchange.FindImage(d.Images, src); i >= 0 {
			refs[src] = i
		}
	}
	return refs
}

func replaceImageRef(text, from, to string) string {
	text = strings.ReplaceAll(text, "]("+from, "]("+to)
	text = strings.ReplaceAll(text, "](<"+from+">", "]("+to)
	return strings.ReplaceAll(text, `src="`+from+`"`, `src="`+to+`"`)
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// identifier writes a resource id as a URN when it is a UUID, as it is.
func identifier(id string) string {
	if id == "" || strings.Contains(id, ":") {
		return id
	}
	if len(id) == 36 && strings.Count(id, "-") == 4 {
		return "urn:uuid:" + id
	}
	return id
}
