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
// entry with a source and a target <tuv>, creation date in UTC. Inline
// markup is written as TMX inline codes holding the original bytes
// (escaped): a pair as <bpt i x>…<ept i>, a standalone placeholder as
// <ph x>; x numbers a code the same on both sides so tools can align them.
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
		fmt.Fprintf(&b, "   <tuv xml:lang=\"%s\"><seg>%s</seg></tuv>\n", attrEsc(sl), tmxInline(e.Source, e.Placeholders))
		fmt.Fprintf(&b, "   <tuv xml:lang=\"%s\"><seg>%s</seg></tuv>\n", attrEsc(tl), tmxInline(e.Target, e.Placeholders))
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
// first other <tuv> the target. Inline codes become placeholders holding
// their content as bytes: <bpt>/<ept> a pair, <ph>, <it> and <ut> a
// standalone one; <hi> and <sub> keep their text. Codes are numbered in
// source order; a target code takes the number of the source code with the
// same x, else the same kind and bytes, else is kept as text.
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
		var srcSeg, tgtSeg *xnode
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
				srcSeg, e.SourceLang = seg, lang
			case e.TargetLang == "":
				tgtSeg, e.TargetLang = seg, lang
			}
		}
		if tgtSeg == nil {
			return nil, errAt(fmtTMX, tu, "<tu> has no <tuv> in a second language")
		}
		e.Source, e.Target, e.Placeholders = readTMXPair(srcSeg, tgtSeg)
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

// tmxInline writes a text in placeholder notation as TMX <seg> content.
func tmxInline(text string, phs []Placeholder) string {
	bytesOf := map[string]string{}
	for _, p := range phs {
		bytesOf[p.Kind+":"+p.ID] = p.Bytes
	}
	var b strings.Builder
	for _, t := range parseNotation(text, declaredBy(phs)) {
		switch t.kind {
		case tokText:
			b.WriteString(textEsc12(t.text))
		case tokOpen:
			fmt.Fprintf(&b, `<bpt i="%s" x="%s">%s</bpt>`, attrEsc(t.id), attrEsc(t.id), textEsc12(bytesOf[KindOpen+":"+t.id]))
		case tokClose:
			fmt.Fprintf(&b, `<ept i="%s">%s</ept>`, attrEsc(t.id), textEsc12(bytesOf[KindClose+":"+t.id]))
		case tokStandalone:
			fmt.Fprintf(&b, `<ph x="%s">%s</ph>`, attrEsc(t.id), textEsc12(bytesOf[KindStandalone+":"+t.id]))
		}
	}
	return b.String()
}

// tmxCode is one inline code of a <seg> in document order.
type tmxCode struct {
	kind  string // KindOpen, KindClose, KindStandalone
	i, x  string // TMX pairing and alignment attributes
	bytes string
}

// tmxPart is text or a code.
type tmxPart struct {
	text string
	code *tmxCode
}

func tmxParts(seg *xnode) []tmxPart {
	var out []tmxPart
	var walk func(n *xnode)
	walk = func(n *xnode) {
		for _, k := range n.kids {
			switch k.name {
			case "":
				out = append(out, tmxPart{text: k.text})
			case "bpt":
				out = append(out, tmxPart{code: &tmxCode{kind: KindOpen, i: k.attr("i"), x: k.attr("x"), bytes: k.textContent()}})
			case "ept":
				out = append(out, tmxPart{code: &tmxCode{kind: KindClose, i: k.attr("i"), bytes: k.textContent()}})
			case "ph", "it", "ut":
				out = append(out, tmxPart{code: &tmxCode{kind: KindStandalone, x: k.attr("x"), bytes: k.textContent()}})
			default: // hi, sub and anything else: its text
				walk(k)
			}
		}
	}
	walk(seg)
	return out
}

// readTMXPair turns a source and a target <seg> into notation with shared
// placeholders.
func readTMXPair(src, tgt *xnode) (string, string, []Placeholder) {
	var phs []Placeholder
	type ref struct{ kind, id string }
	byX := map[string]ref{}        // source x → placeholder (open or standalone)
	openByI := map[string]string{} // source i → id
	var b strings.Builder
	next := 1
	for _, p := range tmxParts(src) {
		if p.code == nil {
			b.WriteString(p.text)
			continue
		}
		c := p.code
		id := ""
		if c.kind == KindClose {
			id = openByI[c.i]
			if id == "" { // an <ept> without its <bpt>: a standalone code
				c.kind = KindStandalone
			}
		}
		if id == "" {
			id = fmt.Sprint(next)
			next++
			if c.kind == KindOpen {
				openByI[c.i] = id
			}
			if c.x != "" {
				byX[c.x] = ref{c.kind, id}
			}
		}
		phs = append(phs, Placeholder{ID: id, Kind: c.kind, Bytes: c.bytes, Display: shorten(c.bytes, 24)})
		b.WriteString(placeholderRef(c.kind, id))
	}
	// an open whose close never came is standalone
	closed := map[string]bool{}
	for _, p := range phs {
		if p.Kind == KindClose {
			closed[p.ID] = true
		}
	}
	source := b.String()
	for i, p := range phs {
		if p.Kind == KindOpen && !closed[p.ID] {
			phs[i].Kind = KindStandalone
			source = strings.Replace(source, placeholderRef(KindOpen, p.ID), placeholderRef(KindStandalone, p.ID), 1)
		}
	}
	used := map[string]bool{}
	findSame := func(kind, bytes string) string {
		for _, p := range phs {
			if p.Kind == kind && p.Bytes == bytes && !used[kind+":"+p.ID] {
				return p.ID
			}
		}
		return ""
	}
	b.Reset()
	tOpenByI := map[string]string{}
	for _, p := range tmxParts(tgt) {
		if p.code == nil {
			b.WriteString(p.text)
			continue
		}
		c := p.code
		id := ""
		switch {
		case c.kind == KindClose:
			id = tOpenByI[c.i]
		case c.x != "":
			if r, ok := byX[c.x]; ok && r.kind == c.kind {
				id = r.id
			}
		}
		if id == "" && c.kind != KindClose {
			id = findSame(c.kind, c.bytes)
		}
		if id == "" || used[c.kind+":"+id] || !declaredBy(phs)(c.kind, id) {
			b.WriteString(c.bytes) // a code the source does not have: its bytes as text
			continue
		}
		used[c.kind+":"+id] = true
		if c.kind == KindOpen {
			tOpenByI[c.i] = id
		}
		b.WriteString(placeholderRef(c.kind, id))
	}
	return source, b.String(), phs
}
