package translation

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

const (
	xliff12NS = "urn:oasis:names:tc:xliff:document:1.2"
	fmt12     = "XLIFF 1.2"
)

// state12 maps our states to XLIFF 1.2 target states.
func state12(u Unit) string {
	if u.Outdated {
		return "needs-review-translation"
	}
	switch u.State {
	case StateTranslated:
		return "translated"
	case StateReviewed:
		return "signed-off"
	case StateFinal:
		return "final"
	}
	return "needs-translation"
}

// stateFrom12 maps an XLIFF 1.2 target state back (outdated, state).
func stateFrom12(s string, hasTarget bool) (State, bool) {
	switch s {
	case "needs-review-translation", "needs-review-adaptation", "needs-review-l10n":
		return StateTranslated, true
	case "translated":
		return StateTranslated, false
	case "signed-off":
		return StateReviewed, false
	case "final":
		return StateFinal, false
	case "new", "needs-translation", "needs-adaptation", "needs-l10n":
		return StateInitial, false
	}
	if hasTarget {
		return StateTranslated, false
	}
	return StateInitial, false
}

// WriteXLIFF12 writes an XLIFF 1.2 file for tools that read only 1.2: the
// state goes on <target state>, outdated becomes needs-review-translation,
// paired placeholders are <bpt>/<ept> and standalone ones <ph>, each
// holding its native bytes. Hash and previous source travel as <note from>.
//
// Every unit has a <target>: an untranslated one holds a copy of the
// source with state="needs-translation" (tools such as translate-toolkit
// and Okapi offer only units with a target). Reviewed and final units that
// are not outdated carry approved="yes" (translate-toolkit reads every
// other target as fuzzy). The unit id is repeated as a location context,
// which is what xliff2po turns into "#:" and po2xliff keeps when it
// renumbers units.
func WriteXLIFF12(w io.Writer, f File) error {
	if f.SourceLang == "" {
		return fmt.Errorf("write XLIFF 1.2: source language is required")
	}
	original := f.Original
	if original == "" {
		original = f.ID
	}
	if original == "" {
		original = "document.md"
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, "<xliff version=\"1.2\" xmlns=\"%s\">\n", xliff12NS)
	fmt.Fprintf(&b, ` <file original="%s" source-language="%s" datatype="x-markdown"`, attrEsc(original), attrEsc(f.SourceLang))
	if f.TargetLang != "" {
		fmt.Fprintf(&b, ` target-language="%s"`, attrEsc(f.TargetLang))
	}
	b.WriteString(">\n")
	if f.ID != "" {
		fmt.Fprintf(&b, "  <header><note from=\"commonplace:file-id\">%s</note></header>\n", textEsc12(f.ID))
	}
	b.WriteString("  <body>\n")
	for _, u := range f.Units {
		if err := writeUnit12(&b, u); err != nil {
			return fmt.Errorf("write XLIFF 1.2: %w", err)
		}
	}
	b.WriteString("  </body>\n </file>\n</xliff>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write XLIFF 1.2: %w", err)
	}
	return nil
}

func writeUnit12(b *strings.Builder, u Unit) error {
	if u.ID == "" {
		return fmt.Errorf("unit without id")
	}
	if u.State != "" && !u.State.Valid() {
		return fmt.Errorf("unit %s: unknown state %q", u.ID, u.State)
	}
	src, err := unitTokens(u, u.Source, "source")
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "   <trans-unit id=\"%s\" xml:space=\"preserve\"", attrEsc(u.ID))
	if isApproved(u.State) && !u.Outdated && u.Target != "" {
		b.WriteString(` approved="yes"`)
	}
	b.WriteString(">\n    <source>")
	writeInline12(b, src, u)
	b.WriteString("</source>\n")
	tgt, st := src, "needs-translation"
	if u.Target != "" {
		if tgt, err = unitTokens(u, u.Target, "target"); err != nil {
			return err
		}
		st = state12(u)
	}
	fmt.Fprintf(b, "    <target state=\"%s\">", st)
	writeInline12(b, tgt, u)
	b.WriteString("</target>\n")
	// context-group names are unique in a file (schema key), hence the id in it
	fmt.Fprintf(b, "    <context-group name=\"location-%s\" purpose=\"location\"><context context-type=\"sourcefile\">%s</context></context-group>\n", attrEsc(u.ID), textEsc12(u.ID))
	if u.State != "" {
		fmt.Fprintf(b, "    <note from=\"commonplace:state\">%s</note>\n", u.State)
	}
	if u.SourceHash != "" {
		fmt.Fprintf(b, "    <note from=\"%s\">%s</note>\n", noteHash, textEsc12(u.SourceHash))
	}
	if u.PreviousSource != "" {
		fmt.Fprintf(b, "    <note from=\"%s\">%s</note>\n", notePrevious, textEsc12(u.PreviousSource))
	}
	if u.Note != "" {
		fmt.Fprintf(b, "    <note>%s</note>\n", textEsc12(u.Note))
	}
	b.WriteString("   </trans-unit>\n")
	return nil
}

// isApproved reports whether a state is one only reviewers may set.
func isApproved(s State) bool { return s == StateReviewed || s == StateFinal }

func writeInline12(b *strings.Builder, toks []token, u Unit) {
	phs := placeholderMap(u.Placeholders)
	for _, t := range toks {
		switch t.kind {
		case tokText:
			b.WriteString(textEsc12(t.text))
		case tokOpen:
			fmt.Fprintf(b, `<bpt id="%s">%s</bpt>`, attrEsc(t.id), textEsc12(phs[KindOpen+":"+t.id].Bytes))
		case tokClose:
			fmt.Fprintf(b, `<ept id="%s">%s</ept>`, attrEsc(t.id), textEsc12(phs[KindClose+":"+t.id].Bytes))
		case tokStandalone:
			fmt.Fprintf(b, `<ph id="%s">%s</ph>`, attrEsc(t.id), textEsc12(phs[KindStandalone+":"+t.id].Bytes))
		}
	}
}

// textEsc12 escapes element content; XLIFF 1.2 has no <cp>, so characters
// XML cannot carry become U+FFFD.
func textEsc12(s string) string {
	var b strings.Builder
	xmlEscape(&b, s, false, nil)
	return b.String()
}

func readXLIFF12(root *xnode) (File, error) {
	files := root.children("file")
	if len(files) == 0 {
		return File{}, errAt(fmt12, root, "no <file> element")
	}
	fn := files[0]
	f := File{Format: FormatXLIFF12, Original: fn.attr("original"), SourceLang: fn.attr("source-language"), TargetLang: fn.attr("target-language")}
	if f.SourceLang == "" {
		return File{}, errAt(fmt12, fn, "<file> has no source-language")
	}
	if h := fn.child("header"); h != nil {
		for _, n := range h.children("note") {
			if n.attr("from") == "commonplace:file-id" {
				f.ID = n.textContent()
			}
		}
	}
	for _, fn := range files {
		body := fn.child("body")
		if body == nil {
			return File{}, errAt(fmt12, fn, "<file> has no <body>")
		}
		var tus []*xnode
		collectUnits(body, "trans-unit", &tus)
		for _, tu := range tus {
			if tu.attr("restype") == "x-gettext-domain-header" || tu.attr("translate") == "no" {
				continue // a PO header carried by po2xliff; text not to translate
			}
			u, err := readTransUnit(tu)
			if err != nil {
				u.Problem = problemText(err)
			}
			f.Units = append(f.Units, u)
		}
	}
	return f, nil
}

// problemText is a unit-level reading error without the file-level prefix.
func problemText(err error) string {
	var fe *FormatError
	if errors.As(err, &fe) {
		if fe.Line > 0 {
			return fmt.Sprintf("line %d: %s", fe.Line, fe.What)
		}
		return fe.What
	}
	return err.Error()
}

func readTransUnit(tu *xnode) (Unit, error) {
	u := Unit{ID: tu.attr("id")}
	if u.ID == "" {
		return u, errAt(fmt12, tu, "<trans-unit> has no id")
	}
	s := tu.child("source")
	if s == nil {
		return u, errAt(fmt12, tu, "trans-unit %s has no <source>", u.ID)
	}
	rd := &inline12{unit: u.ID, seen: map[string]bool{}, collect: true}
	var src, tgt strings.Builder
	if err := rd.write(&src, s); err != nil {
		return u, err
	}
	u.Source, u.Placeholders = src.String(), rd.phs
	t := tu.child("target")
	if t != nil {
		rd.collect = false
		if err := rd.write(&tgt, t); err != nil {
			return u, err
		}
		u.Target = tgt.String()
	}
	attr := ""
	if t != nil {
		attr = t.attr("state")
	}
	u.State, u.Outdated = stateFrom12(attr, u.Target != "")
	var plain []string
	var noted State
	fromPO := false // po2xliff carried our PO comments as a developer note
	for _, n := range tu.children("note") {
		if txt := n.textContent(); strings.Contains(txt, poStatePrefix) {
			for _, line := range strings.Split(txt, "\n") {
				switch {
				case strings.HasPrefix(line, poStatePrefix):
					noted, fromPO = State(strings.TrimSpace(strings.TrimPrefix(line, poStatePrefix))), true
				case strings.HasPrefix(line, poPhPrefix) && len(u.Placeholders) == 0:
					if phs, err := poPlaceholders(strings.TrimPrefix(line, poPhPrefix)); err == nil {
						u.Placeholders = phs
					}
				}
			}
			continue
		}
		switch n.attr("from") {
		case "commonplace:state":
			noted = State(n.textContent())
		case noteHash:
			u.SourceHash = n.textContent()
		case notePrevious:
			u.PreviousSource = n.textContent()
		default:
			plain = append(plain, n.textContent())
		}
	}
	u.Note = strings.Join(plain, "\n")
	approved := tu.attr("approved") == "yes"
	switch {
	case noted.Valid() && fromPO:
		// po2xliff writes approved="yes" for entries that were not fuzzy
		// and ignores the state attribute's finer meaning
		u.State, u.Outdated = noted, !approved && u.Target != ""
	case noted.Valid() && u.Outdated:
		// our outdated export writes needs-review-translation for every
		// state; the note keeps the finer one
		u.State = noted
	case noted.Valid() && (attr == "" || attr == state12(Unit{State: noted})):
		u.State = noted // no tool changed the state
		if isApproved(noted) && !approved {
			u.State = StateTranslated // a tool withdrew the approval
		}
	case !noted.Valid() && approved && u.Target != "" && !isApproved(u.State):
		u.State = StateReviewed
	case !noted.Valid() && tu.attr("approved") == "no" && u.Target != "" && untranslated12(attr):
		// translate-toolkit's fuzzy (po2xliff writes it for "#, fuzzy"):
		// a target that still needs work
		u.Outdated = true
	}
	if u.Target != "" && u.Target == u.Source && !approved && untranslated12(attr) {
		u.State = StateInitial // a copy of the source, as tools write for untouched units
	}
	if u.State == StateInitial && u.Target == u.Source {
		u.Target = ""
	}
	for _, cg := range tu.children("context-group") {
		if cg.attr("purpose") != "location" && cg.attr("purpose") != "" {
			continue
		}
		file, line := "", ""
		for _, c := range cg.children("context") {
			switch c.attr("context-type") {
			case "sourcefile":
				file = strings.TrimSpace(c.textContent())
			case "linenumber":
				line = strings.TrimSpace(c.textContent())
			}
		}
		if file != "" {
			u.Locations = append(u.Locations, file)
			if line != "" {
				u.Locations = append(u.Locations, file+":"+line)
			}
		}
	}
	return u, nil
}

// untranslated12 reports whether a 1.2 target state says "not translated"
// (or says nothing).
func untranslated12(state string) bool {
	switch state {
	case "", "new", "needs-translation", "needs-adaptation", "needs-l10n":
		return true
	}
	return false
}

// inline12 converts XLIFF 1.2 inline content to placeholder notation.
type inline12 struct {
	unit    string
	phs     []Placeholder
	seen    map[string]bool
	collect bool
}

func (rd *inline12) add(p Placeholder) {
	if !rd.collect || rd.seen[p.Kind+":"+p.ID] {
		return
	}
	rd.seen[p.Kind+":"+p.ID] = true
	if p.Display == "" {
		p.Display = shorten(p.Bytes, 24)
	}
	rd.phs = append(rd.phs, p)
}

func (rd *inline12) write(b *strings.Builder, n *xnode) error {
	for _, k := range n.kids {
		if k.name == "" {
			b.WriteString(k.text)
			continue
		}
		id := k.attr("id")
		if k.name == "ept" || k.name == "ex" {
			if r := k.attr("rid"); r != "" && k.name == "ept" && rd.hasOpen(r) {
				id = r
			}
		}
		switch k.name {
		case "bpt", "ept", "ph", "it", "x", "bx", "ex", "g":
			if !validPlaceholderID(id) {
				return errAt(fmt12, k, "<%s> with bad id %q in trans-unit %s", k.name, id, rd.unit)
			}
		}
		switch k.name {
		case "bpt", "bx":
			rd.add(Placeholder{ID: id, Kind: KindOpen, Bytes: k.textContent()})
			b.WriteString(placeholderRef(KindOpen, id))
		case "ept", "ex":
			if k.name == "ex" && k.attr("startRef") != "" {
				id = k.attr("startRef")
			}
			rd.add(Placeholder{ID: id, Kind: KindClose, Bytes: k.textContent()})
			b.WriteString(placeholderRef(KindClose, id))
		case "ph", "it", "x":
			rd.add(Placeholder{ID: id, Kind: KindStandalone, Bytes: k.textContent()})
			b.WriteString(placeholderRef(KindStandalone, id))
		case "g":
			rd.add(Placeholder{ID: id, Kind: KindOpen})
			rd.add(Placeholder{ID: id, Kind: KindClose})
			b.WriteString(placeholderRef(KindOpen, id))
			if err := rd.write(b, k); err != nil {
				return err
			}
			b.WriteString(placeholderRef(KindClose, id))
		case "mrk":
			if err := rd.write(b, k); err != nil {
				return err
			}
		default:
			return errAt(fmt12, k, "unexpected <%s> inside <%s> in trans-unit %s", k.name, n.name, rd.unit)
		}
	}
	return nil
}

func (rd *inline12) hasOpen(id string) bool { return rd.seen[KindOpen+":"+id] }
