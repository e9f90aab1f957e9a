package translation

import (
	"fmt"
	"io"
	"strings"
)

// XLIFF 2.0 names used by this package.
const (
	xliff2NS         = "urn:oasis:names:tc:xliff:document:2.0"
	subStateOutdated = "commonplace:outdated"
	noteHash         = "commonplace:source-hash"
	notePrevious     = "commonplace:previous-source"
)

// WriteXLIFF2 writes an XLIFF 2.0 file valid against the OASIS core schema:
// xliff(version, srcLang, trgLang) > file(id) > unit(id) > notes?,
// originalData?, segment(state, subState) > source, target?. Paired
// placeholders become <pc dataRefStart dataRefEnd>, standalone ones
// <ph dataRef>, with their native bytes in <originalData>. Outdated units
// carry subState="commonplace:outdated" (with an explicit state); the
// source hash and previous source travel as categorised <note>s.
func WriteXLIFF2(w io.Writer, f File) error {
	if f.SourceLang == "" {
		return fmt.Errorf("write XLIFF 2.0: source language is required")
	}
	hasTarget := false
	for _, u := range f.Units {
		if u.Target != "" {
			hasTarget = true
		}
	}
	if hasTarget && f.TargetLang == "" {
		return fmt.Errorf("write XLIFF 2.0: target language is required when a unit has a target")
	}
	fileID := f.ID
	if !isNMToken(fileID) {
		fileID = "f1"
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<xliff xmlns="%s" version="2.0" srcLang="%s"`, xliff2NS, attrEsc(f.SourceLang))
	if f.TargetLang != "" {
		fmt.Fprintf(&b, ` trgLang="%s"`, attrEsc(f.TargetLang))
	}
	b.WriteString(">\n")
	fmt.Fprintf(&b, ` <file id="%s"`, attrEsc(fileID))
	if f.Original != "" {
		fmt.Fprintf(&b, ` original="%s"`, attrEsc(f.Original))
	}
	b.WriteString(">\n")
	if fileID != f.ID && f.ID != "" {
		fmt.Fprintf(&b, "  <notes><note category=\"commonplace:file-id\">%s</note></notes>\n", textEsc2(f.ID))
	}
	if len(f.Units) == 0 {
		return fmt.Errorf("write XLIFF 2.0: a file needs at least one unit")
	}
	for _, u := range f.Units {
		if err := writeUnit2(&b, u); err != nil {
			return fmt.Errorf("write XLIFF 2.0: %w", err)
		}
	}
	b.WriteString(" </file>\n</xliff>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write XLIFF 2.0: %w", err)
	}
	return nil
}

func writeUnit2(b *strings.Builder, u Unit) error {
	if !isNMToken(u.ID) {
		return fmt.Errorf("unit id %q is not an XML NMTOKEN", u.ID)
	}
	state := u.State
	if state == "" {
		state = StateInitial
	}
	if !state.Valid() {
		return fmt.Errorf("unit %s: unknown state %q", u.ID, u.State)
	}
	src, err := unitTokens(u, u.Source, "source")
	if err != nil {
		return err
	}
	var tgt []token
	if u.Target != "" {
		if tgt, err = unitTokens(u, u.Target, "target"); err != nil {
			return err
		}
	}
	fmt.Fprintf(b, "  <unit id=\"%s\">\n", attrEsc(u.ID))
	if u.SourceHash != "" || u.PreviousSource != "" || u.Note != "" {
		b.WriteString("   <notes>")
		if u.SourceHash != "" {
			fmt.Fprintf(b, "<note category=\"%s\">%s</note>", noteHash, textEsc2(u.SourceHash))
		}
		if u.PreviousSource != "" {
			fmt.Fprintf(b, "<note category=\"%s\">%s</note>", notePrevious, textEsc2(u.PreviousSource))
		}
		if u.Note != "" {
			fmt.Fprintf(b, "<note>%s</note>", textEsc2(u.Note))
		}
		b.WriteString("</notes>\n")
	}
	if len(u.Placeholders) > 0 {
		b.WriteString("   <originalData>")
		for _, p := range u.Placeholders {
			fmt.Fprintf(b, "<data id=\"%s\" xml:space=\"preserve\">%s</data>", dataID(p), textEsc2(p.Bytes))
		}
		b.WriteString("</originalData>\n")
	}
	fmt.Fprintf(b, "   <segment state=\"%s\"", state)
	if u.Outdated {
		fmt.Fprintf(b, " subState=\"%s\"", subStateOutdated)
	}
	b.WriteString(">\n    <source xml:space=\"preserve\">")
	writeInline2(b, src, u)
	b.WriteString("</source>\n")
	if tgt != nil {
		b.WriteString("    <target xml:space=\"preserve\">")
		writeInline2(b, tgt, u)
		b.WriteString("</target>\n")
	}
	b.WriteString("   </segment>\n  </unit>\n")
	return nil
}

// dataID names the <data> element holding a placeholder's bytes.
func dataID(p Placeholder) string {
	switch p.Kind {
	case KindOpen:
		return "d" + p.ID + "s"
	case KindClose:
		return "d" + p.ID + "e"
	}
	return "d" + p.ID
}

func writeInline2(b *strings.Builder, toks []token, u Unit) {
	phs := placeholderMap(u.Placeholders)
	for _, t := range toks {
		switch t.kind {
		case tokText:
			b.WriteString(textEsc2(t.text))
		case tokOpen:
			o, c := phs[KindOpen+":"+t.id], phs[KindClose+":"+t.id]
			fmt.Fprintf(b, `<pc id="%s" dataRefStart="%s" dataRefEnd="%s"`, attrEsc(t.id), dataID(o), dataID(c))
			if o.Display != "" {
				fmt.Fprintf(b, ` dispStart="%s"`, attrEsc(o.Display))
			}
			if c.Display != "" {
				fmt.Fprintf(b, ` dispEnd="%s"`, attrEsc(c.Display))
			}
			b.WriteString(">")
		case tokClose:
			b.WriteString("</pc>")
		case tokStandalone:
			p := phs[KindStandalone+":"+t.id]
			fmt.Fprintf(b, `<ph id="%s" dataRef="%s"`, attrEsc(t.id), dataID(p))
			if p.Display != "" {
				fmt.Fprintf(b, ` disp="%s"`, attrEsc(p.Display))
			}
			b.WriteString("/>")
		}
	}
}

// textEsc2 escapes element content for XLIFF 2.0, where characters XML
// cannot carry are written as <cp hex="..."/>.
func textEsc2(s string) string {
	var b strings.Builder
	xmlEscape(&b, s, false, func(b *strings.Builder, r rune) {
		fmt.Fprintf(b, `<cp hex="%04X"/>`, r)
	})
	return b.String()
}

// isNMToken reports whether s is a valid xs:NMTOKEN (ASCII subset plus
// any letter; enough for our ids).
func isNMToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '-', r == '_', r == '.', r == ':', r > 0xBF && r != 0xD7 && r != 0xF7 && r < 0x37E:
		default:
			return false
		}
	}
	return true
}
