package translation

import (
	"io"
	"strconv"
	"strings"
)

// ReadXLIFF reads an XLIFF 2.0 or 1.2 file (detected from the version
// attribute) into units in placeholder notation. Inline codes become
// placeholders: 2.0 <pc>, <sc>/<ec>, <ph> with bytes from <originalData>;
// 1.2 <bpt>/<ept>, <ph>, <it>, <x>, <bx>/<ex>, <g>. Malformed input is an
// error (wrapping ErrFormat) with the line and what is wrong.
func ReadXLIFF(r io.Reader) (File, error) {
	root, err := parseXML(r, "XLIFF")
	if err != nil {
		return File{}, err
	}
	if root.name != "xliff" {
		return File{}, errAt("XLIFF", root, "root element is <%s>, want <xliff>", root.name)
	}
	switch v := root.attr("version"); {
	case strings.HasPrefix(v, "2."):
		return readXLIFF2(root)
	case v == "1.2" || v == "1.1" || v == "1.0":
		return readXLIFF12(root)
	default:
		return File{}, errAt("XLIFF", root, "unsupported version %q (want 2.0 or 1.2)", v)
	}
}

const fmt2 = "XLIFF 2.0"

func readXLIFF2(root *xnode) (File, error) {
	f := File{Format: FormatXLIFF2, SourceLang: root.attr("srcLang"), TargetLang: root.attr("trgLang")}
	if f.SourceLang == "" {
		return File{}, errAt(fmt2, root, "<xliff> has no srcLang")
	}
	files := root.children("file")
	if len(files) == 0 {
		return File{}, errAt(fmt2, root, "no <file> element")
	}
	for fi, fn := range files {
		if fn.attr("id") == "" {
			return File{}, errAt(fmt2, fn, "<file> has no id")
		}
		if fi == 0 {
			f.ID, f.Original = fn.attr("id"), fn.attr("original")
			if notes := fn.child("notes"); notes != nil {
				for _, n := range notes.children("note") {
					if n.attr("category") == "commonplace:file-id" {
						f.ID = n.textContent()
					}
				}
			}
		}
		var units []*xnode
		collectUnits(fn, "unit", &units)
		for _, un := range units {
			u, err := readUnit2(un)
			if err != nil {
				u.Problem = problemText(err)
			}
			f.Units = append(f.Units, u)
		}
	}
	return f, nil
}

// collectUnits finds the elements called name (XLIFF 2.0 "unit", 1.2
// "trans-unit") in a file, inside groups too.
func collectUnits(n *xnode, name string, out *[]*xnode) {
	for _, k := range n.kids {
		switch k.name {
		case name:
			*out = append(*out, k)
		case "group":
			collectUnits(k, name, out)
		}
	}
}

func readUnit2(un *xnode) (Unit, error) {
	u := Unit{ID: un.attr("id"), State: StateInitial}
	if u.ID == "" {
		return u, errAt(fmt2, un, "<unit> has no id")
	}
	if notes := un.child("notes"); notes != nil {
		var plain []string
		for _, n := range notes.children("note") {
			switch n.attr("category") {
			case noteHash:
				u.SourceHash = n.textContent()
			case notePrevious:
				u.PreviousSource = n.textContent()
			default:
				plain = append(plain, n.textContent())
			}
		}
		u.Note = strings.Join(plain, "\n")
	}
	data := map[string]string{}
	if od := un.child("originalData"); od != nil {
		for _, d := range od.children("data") {
			id := d.attr("id")
			if id == "" {
				return u, errAt(fmt2, d, "<data> has no id in unit %s", u.ID)
			}
			data[id] = dataText(d)
		}
	}
	var src, tgt strings.Builder
	first, hadTarget := true, false
	rd := &inline2{unit: u.ID, data: data, seen: map[string]bool{}}
	for _, k := range un.kids {
		if k.name != "segment" && k.name != "ignorable" {
			continue
		}
		s := k.child("source")
		if s == nil {
			return u, errAt(fmt2, k, "<%s> in unit %s has no <source>", k.name, u.ID)
		}
		rd.collect = true
		if err := rd.write(&src, s); err != nil {
			return u, err
		}
		rd.collect = false
		if t := k.child("target"); t != nil {
			hadTarget = true
			if err := rd.write(&tgt, t); err != nil {
				return u, err
			}
		} else if k.name == "ignorable" {
			// untranslatable whitespace between segments: copy it over
			if err := rd.write(&tgt, s); err != nil {
				return u, err
			}
		}
		if k.name == "segment" && first {
			first = false
			if st := k.attr("state"); st != "" {
				u.State = State(st)
				if !u.State.Valid() {
					return u, errAt(fmt2, k, "unknown state %q in unit %s", st, u.ID)
				}
			}
			u.Outdated = k.attr("subState") == subStateOutdated
		}
	}
	if first {
		return u, errAt(fmt2, un, "unit %s has no <segment>", u.ID)
	}
	u.Source, u.Target, u.Placeholders = src.String(), tgt.String(), rd.phs
	if !hadTarget || u.State == StateInitial && u.Target == u.Source {
		u.Target = "" // no target, or a copy of the source in an untranslated unit
	}
	return u, nil
}

// dataText reads a <data> element: text with <cp hex/> code points.
func dataText(d *xnode) string {
	var b strings.Builder
	for _, k := range d.kids {
		switch k.name {
		case "":
			b.WriteString(k.text)
		case "cp":
			if r, err := strconv.ParseUint(k.attr("hex"), 16, 32); err == nil {
				b.WriteRune(rune(r))
			}
		}
	}
	return b.String()
}

// inline2 converts XLIFF 2.0 inline content to placeholder notation.
type inline2 struct {
	unit    string
	data    map[string]string
	phs     []Placeholder
	seen    map[string]bool
	collect bool // record placeholders (source only)
}

func (rd *inline2) add(p Placeholder) {
	if !rd.collect || rd.seen[p.Kind+":"+p.ID] {
		return
	}
	rd.seen[p.Kind+":"+p.ID] = true
	rd.phs = append(rd.phs, p)
}

func (rd *inline2) ref(n *xnode, attr string) (string, error) {
	id := n.attr(attr)
	if id == "" {
		return "", nil
	}
	v, ok := rd.data[id]
	if !ok {
		return "", errAt(fmt2, n, "<%s %s=%q> in unit %s refers to no <data>", n.name, attr, id, rd.unit)
	}
	return v, nil
}

func (rd *inline2) write(b *strings.Builder, n *xnode) error {
	for _, k := range n.kids {
		switch k.name {
		case "":
			b.WriteString(k.text)
		case "cp":
			r, err := strconv.ParseUint(k.attr("hex"), 16, 32)
			if err != nil {
				return errAt(fmt2, k, "bad <cp hex=%q> in unit %s", k.attr("hex"), rd.unit)
			}
			b.WriteString(string(rune(r)))
		case "ph":
			id := k.attr("id")
			if !validPlaceholderID(id) {
				return errAt(fmt2, k, "<ph> with bad id %q in unit %s", id, rd.unit)
			}
			v, err := rd.ref(k, "dataRef")
			if err != nil {
				return err
			}
			rd.add(Placeholder{ID: id, Kind: KindStandalone, Bytes: v, Display: k.attr("disp")})
			b.WriteString(placeholderRef(KindStandalone, id))
		case "pc":
			id := k.attr("id")
			if !validPlaceholderID(id) {
				return errAt(fmt2, k, "<pc> with bad id %q in unit %s", id, rd.unit)
			}
			vs, err := rd.ref(k, "dataRefStart")
			if err != nil {
				return err
			}
			ve, err := rd.ref(k, "dataRefEnd")
			if err != nil {
				return err
			}
			rd.add(Placeholder{ID: id, Kind: KindOpen, Bytes: vs, Display: k.attr("dispStart")})
			rd.add(Placeholder{ID: id, Kind: KindClose, Bytes: ve, Display: k.attr("dispEnd")})
			b.WriteString(placeholderRef(KindOpen, id))
			if err := rd.write(b, k); err != nil {
				return err
			}
			b.WriteString(placeholderRef(KindClose, id))
		case "sc", "ec":
			kind, id := KindOpen, k.attr("id")
			if k.name == "ec" {
				kind = KindClose
				if sr := k.attr("startRef"); sr != "" {
					id = sr
				}
			}
			if !validPlaceholderID(id) {
				return errAt(fmt2, k, "<%s> with bad id %q in unit %s", k.name, id, rd.unit)
			}
			v, err := rd.ref(k, "dataRef")
			if err != nil {
				return err
			}
			rd.add(Placeholder{ID: id, Kind: kind, Bytes: v, Display: k.attr("disp")})
			b.WriteString(placeholderRef(kind, id))
		case "mrk", "sm", "em":
			if err := rd.write(b, k); err != nil {
				return err
			}
		default:
			return errAt(fmt2, k, "unexpected <%s> inside <%s> in unit %s", k.name, n.name, rd.unit)
		}
	}
	return nil
}
