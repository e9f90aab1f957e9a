package translation

import (
	"fmt"
	"io"
	"strings"
	"time"
)

const (
	fmtTMX     = "TMX"
	tmxTimeFmt = "20060102T150405Z"
)

// WriteTMX writes translation-memory entries as TMX 1.4b: one <tu> per
// entry with a source and a target <tuv>, creation date in UTC.
func WriteTMX(w io.Writer, srcLang string, entries []TMEntry) error {
	if srcLang == "" {
		return fmt.Errorf("write TMX: source language is required")
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<tmx version="1.4">` + "\n")
	fmt.Fprintf(&b, ` <header creationtool="Commonplace" creationtoolversion="1" segtype="sentence" o-tmf="Commonplace" adminlang="en" srclang="%s" datatype="plaintext"/>`+"\n", attrEsc(srcLang))
	b.WriteString(" <body>\n")
	for i, e := range entries {
		sl, tl := e.SourceLang, e.TargetLang
		if sl == "" {
			sl = srcLang
		}
		if tl == "" {
			return fmt.Errorf("write TMX: entry %d has no target language", i)
		}
		b.WriteString("  <tu")
		if sl != srcLang {
			fmt.Fprintf(&b, ` srclang="%s"`, attrEsc(sl))
		}
		if !e.Created.IsZero() {
			fmt.Fprintf(&b, ` creationdate="%s"`, e.Created.UTC().Format(tmxTimeFmt))
		}
		b.WriteString(">\n")
		if e.Note != "" {
			fmt.Fprintf(&b, "   <note>%s</note>\n", textEsc12(e.Note))
		}
		fmt.Fprintf(&b, "   <tuv xml:lang=\"%s\"><seg>%s</seg></tuv>\n", attrEsc(sl), textEsc12(e.Source))
		fmt.Fprintf(&b, "   <tuv xml:lang=\"%s\"><seg>%s</seg></tuv>\n", attrEsc(tl), textEsc12(e.Target))
		b.WriteString("  </tu>\n")
	}
	b.WriteString(" </body>\n</tmx>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write TMX: %w", err)
	}
	return nil
}

// ReadTMX reads TMX 1.4 entries. In each <tu> the <tuv> in the source
// language (the tu's srclang, else the header's) is the source and the
// first other <tuv> the target; inline codes (<bpt>, <ph>...) keep their
// text content.
func ReadTMX(r io.Reader) ([]TMEntry, error) {
	root, err := parseXML(r, fmtTMX)
	if err != nil {
		return nil, err
	}
	if root.name != "tmx" {
		return nil, errAt(fmtTMX, root, "root element is <%s>, want <tmx>", root.name)
	}
	header := root.child("header")
	if header == nil {
		return nil, errAt(fmtTMX, root, "no <header>")
	}
	body := root.child("body")
	if body == nil {
		return nil, errAt(fmtTMX, root, "no <body>")
	}
	var out []TMEntry
	for _, tu := range body.children("tu") {
		src := tu.attr("srclang")
		if src == "" {
			src = header.attr("srclang")
		}
		var e TMEntry
		tuvs := tu.children("tuv")
		if len(tuvs) < 2 {
			return nil, errAt(fmtTMX, tu, "<tu> needs two <tuv>, has %d", len(tuvs))
		}
		srcIdx := -1
		for i, v := range tuvs {
			if strings.EqualFold(tuvLang(v), src) {
				srcIdx = i
				break
			}
		}
		if srcIdx < 0 {
			srcIdx = 0
		}
		for i, v := range tuvs {
			lang := tuvLang(v)
			if lang == "" {
				return nil, errAt(fmtTMX, v, "<tuv> has no xml:lang")
			}
			seg := v.child("seg")
			if seg == nil {
				return nil, errAt(fmtTMX, v, "<tuv> has no <seg>")
			}
			switch {
			case i == srcIdx:
				e.Source, e.SourceLang = seg.textContent(), lang
			case e.TargetLang == "":
				e.Target, e.TargetLang = seg.textContent(), lang
			}
		}
		if d := tu.attr("creationdate"); d != "" {
			t, err := time.Parse(tmxTimeFmt, d)
			if err != nil {
				return nil, errAt(fmtTMX, tu, "bad creationdate %q (want YYYYMMDDThhmmssZ)", d)
			}
			e.Created = t
		}
		var notes []string
		for _, n := range tu.children("note") {
			notes = append(notes, n.textContent())
		}
		e.Note = strings.Join(notes, "\n")
		out = append(out, e)
	}
	return out, nil
}

func tuvLang(v *xnode) string {
	if l := v.attr("xml:lang"); l != "" {
		return l
	}
	return v.attr("lang") // TMX 1.1
}
