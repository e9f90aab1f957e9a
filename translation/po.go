package translation

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	fmtPO          = "PO"
	poStatePrefix  = "commonplace-state: "
	poPhPrefix     = "commonplace-placeholders: "
	poCtxSeparator = "|"
)

// poPlaceholder is the JSON form of a placeholder in an extracted comment.
type poPlaceholder struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Bytes   string `json:"bytes"`
	Display string `json:"display,omitempty"`
}

// WritePO writes a gettext PO file. msgctxt is "unit id|source hash", so
// an entry whose source changed never merges silently with the old one.
// Outdated units get "#, fuzzy" and "#| msgid" with the previous source,
// which Poedit-style tools show as "what changed". The finer state and the
// placeholders' bytes travel in extracted comments ("#. ..."); the note
// becomes translator comments ("# ...").
func WritePO(w io.Writer, f File) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Commonplace translation export")
	fmt.Fprintln(bw, `msgid ""`)
	fmt.Fprintln(bw, `msgstr ""`)
	revised := f.Revised
	if revised.IsZero() {
		revised = time.Unix(0, 0)
	}
	translator := f.Translator
	if translator == "" {
		translator = "Commonplace"
	}
	team := f.Team
	if team == "" {
		team = "Commonplace " + f.TargetLang
	}
	header := []string{
		"Project-Id-Version: Commonplace",
		"PO-Revision-Date: " + revised.UTC().Format("2006-01-02 15:04-0700"),
		"Last-Translator: " + translator,
		"Language-Team: " + team,
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8",
		"Content-Transfer-Encoding: 8bit",
		"Language: " + f.TargetLang,
		"X-Commonplace-Source-Language: " + f.SourceLang,
		"X-Commonplace-File-Id: " + f.ID,
		"X-Commonplace-Original: " + f.Original,
	}
	for _, h := range header {
		if strings.ContainsAny(h, "\n\r") {
			return fmt.Errorf("write PO: header field %q contains a line break", h)
		}
		fmt.Fprintf(bw, "\"%s\\n\"\n", poEscape(h))
	}
	for _, u := range f.Units {
		if u.ID == "" || strings.Contains(u.ID, poCtxSeparator) {
			return fmt.Errorf("write PO: unit id %q is empty or contains %q", u.ID, poCtxSeparator)
		}
		if u.Source == "" {
			return fmt.Errorf("write PO: unit %s has an empty source (reserved for the header)", u.ID)
		}
		if u.State != "" && !u.State.Valid() {
			return fmt.Errorf("write PO: unit %s: unknown state %q", u.ID, u.State)
		}
		if _, err := unitTokens(u, u.Source, "source"); err != nil {
			return fmt.Errorf("write PO: %w", err)
		}
		if _, err := unitTokens(u, u.Target, "target"); err != nil {
			return fmt.Errorf("write PO: %w", err)
		}
		fmt.Fprintln(bw)
		if u.Note != "" {
			for _, line := range strings.Split(u.Note, "\n") {
				fmt.Fprintln(bw, strings.TrimRight("# "+line, " "))
			}
		}
		if u.State != "" {
			fmt.Fprintf(bw, "#. %s%s\n", poStatePrefix, u.State)
		}
		if len(u.Placeholders) > 0 {
			list := make([]poPlaceholder, len(u.Placeholders))
			for i, p := range u.Placeholders {
				list[i] = poPlaceholder(p)
			}
			js, err := json.Marshal(list)
			if err != nil {
				return fmt.Errorf("write PO: unit %s placeholders: %w", u.ID, err)
			}
			fmt.Fprintf(bw, "#. %s%s\n", poPhPrefix, js)
		}
		if !strings.ContainsAny(u.ID, " \t") {
			// the id as a location: po2xliff keeps it when it renumbers units
			fmt.Fprintf(bw, "#: %s\n", u.ID)
		}
		if u.Outdated {
			fmt.Fprintln(bw, "#, fuzzy")
			if u.PreviousSource != "" {
				writePOString(bw, "#| ", "msgid", u.PreviousSource)
			}
		}
		ctx := u.ID
		if u.SourceHash != "" {
			ctx += poCtxSeparator + u.SourceHash
		}
		writePOString(bw, "", "msgctxt", ctx)
		writePOString(bw, "", "msgid", u.Source)
		writePOString(bw, "", "msgstr", u.Target)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write PO: %w", err)
	}
	return nil
}

// writePOString writes a keyword and a string, split after each "\n"
// into continuation lines as gettext does.
func writePOString(w io.Writer, prefix, keyword, s string) {
	if !strings.Contains(s, "\n") || s == "\n" {
		fmt.Fprintf(w, "%s%s \"%s\"\n", prefix, keyword, poEscape(s))
		return
	}
	fmt.Fprintf(w, "%s%s \"\"\n", prefix, keyword)
	for s != "" {
		i := strings.IndexByte(s, '\n')
		line := s
		if i >= 0 {
			line, s = s[:i+1], s[i+1:]
		} else {
			s = ""
		}
		fmt.Fprintf(w, "%s\"%s\"\n", prefix, poEscape(line))
	}
}

func poEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 || c == 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// poUnescape reads the body of a quoted PO string (C escapes).
func poUnescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			return "", fmt.Errorf("unescaped quote")
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", fmt.Errorf("backslash at end of string")
		}
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '\\', '"', '\'', '?':
			b.WriteByte(e)
		case 'x':
			j := i + 1
			for j < len(s) && j < i+3 && isHex(s[j]) {
				j++
			}
			if j == i+1 {
				return "", fmt.Errorf(`\x without hex digits`)
			}
			v, _ := strconv.ParseUint(s[i+1:j], 16, 8)
			b.WriteByte(byte(v))
			i = j - 1
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 16)
			if v > 255 {
				return "", fmt.Errorf("octal escape out of range")
			}
			b.WriteByte(byte(v))
			i = j - 1
		default:
			return "", fmt.Errorf("unknown escape \\%c", e)
		}
	}
	// Escapes can spell any byte: what they spell must still be text we can keep.
	out := b.String()
	if err := checkPOText(out); err != nil {
		return "", err
	}
	return out, nil
}

// checkPOText refuses what no stored text may hold: invalid UTF-8 (a PO
// file in another charset must be converted first) and U+0000, which
// PostgreSQL's text type cannot store.
func checkPOText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("text is not valid UTF-8 (convert the file first: msgconv --to-code=UTF-8)")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("text holds a NUL character (U+0000)")
	}
	return nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// poEntry collects one entry while reading.
type poEntry struct {
	line                 int
	comments, extracted  []string
	flags, refs          []string
	prevID               *string
	ctx, id, plural, str *string
	obsolete             bool
}

// ReadPO reads a PO file as written by WritePO, and ordinary PO files:
// comments, flags, previous msgid, continuation lines, escapes, plural
// forms (msgstr[0] is taken). "#, fuzzy" marks a unit Outdated. Obsolete
// ("#~") entries are skipped.
func ReadPO(r io.Reader) (File, error) {
	f := File{Format: FormatPO}
	sc := bufio.NewScanner(io.LimitReader(r, maxExchangeSize))
	sc.Buffer(make([]byte, 64*1024), maxExchangeSize)
	var cur *poEntry
	var target **string // where continuation lines go
	prevKw := ""        // keyword of the last "#|" line
	lineNo := 0
	fail := func(what string, args ...any) error {
		return &FormatError{Format: fmtPO, Line: lineNo, What: fmt.Sprintf(what, args...)}
	}
	var entries []*poEntry
	finish := func() error {
		if cur == nil {
			return nil
		}
		if cur.id == nil && !cur.obsolete {
			if cur.ctx != nil || cur.str != nil {
				return &FormatError{Format: fmtPO, Line: cur.line, What: "entry has no msgid"}
			}
			cur = nil
			return nil // only comments
		}
		if cur.id != nil && cur.str == nil && !cur.obsolete {
			return &FormatError{Format: fmtPO, Line: cur.line, What: "entry has a msgid but no msgstr"}
		}
		entries = append(entries, cur)
		cur = nil
		return nil
	}
	quoted := func(s string) (string, error) {
		s = strings.TrimSpace(s)
		if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
			return "", fmt.Errorf("expected a quoted string, got %q", shorten(s, 40))
		}
		return poUnescape(s[1 : len(s)-1])
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if err := checkPOText(line); err != nil {
			return File{}, fail("%v", err)
		}
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			if err := finish(); err != nil {
				return File{}, err
			}
			target = nil
			continue
		case strings.HasPrefix(trim, "#~"):
			if cur == nil || cur.id != nil && cur.str != nil {
				if err := finish(); err != nil {
					return File{}, err
				}
				cur = &poEntry{line: lineNo}
			}
			cur.obsolete = true
			target = nil
			continue
		case strings.HasPrefix(trim, "#"):
			if cur != nil && cur.str != nil {
				if err := finish(); err != nil {
					return File{}, err
				}
			}
			if cur == nil {
				cur = &poEntry{line: lineNo}
			}
			target = nil
			switch {
			case strings.HasPrefix(trim, "#."):
				cur.extracted = append(cur.extracted, strings.TrimPrefix(strings.TrimPrefix(trim, "#."), " "))
			case strings.HasPrefix(trim, "#,"):
				for _, fl := range strings.Split(trim[2:], ",") {
					if fl = strings.TrimSpace(fl); fl != "" {
						cur.flags = append(cur.flags, fl)
					}
				}
			case strings.HasPrefix(trim, "#|"):
				rest := strings.TrimSpace(trim[2:])
				kw, val := "", rest
				if !strings.HasPrefix(rest, `"`) {
					kw, val, _ = strings.Cut(rest, " ")
					prevKw = kw
				}
				v, err := quoted(val)
				if err != nil {
					return File{}, fail("previous %s: %v", prevKw, err)
				}
				if prevKw == "msgid" {
					if kw == "" && cur.prevID != nil {
						v = *cur.prevID + v
					}
					cur.prevID = &v
				}
			case strings.HasPrefix(trim, "#:"):
				cur.refs = append(cur.refs, strings.Fields(trim[2:])...)
			default:
				cur.comments = append(cur.comments, strings.TrimPrefix(strings.TrimPrefix(trim, "#"), " "))
			}
			continue
		case strings.HasPrefix(trim, `"`):
			if target == nil || *target == nil {
				return File{}, fail("string continuation without a keyword before it")
			}
			s, err := quoted(trim)
			if err != nil {
				return File{}, fail("%v", err)
			}
			v := **target + s
			*target = &v
			continue
		}
		kw, rest, _ := strings.Cut(trim, " ")
		s, err := quoted(rest)
		if err != nil {
			return File{}, fail("%s: %v", kw, err)
		}
		if cur != nil && cur.str != nil && (kw == "msgctxt" || kw == "msgid") {
			if err := finish(); err != nil {
				return File{}, err
			}
		}
		if cur == nil {
			cur = &poEntry{line: lineNo}
		}
		switch {
		case kw == "msgctxt":
			cur.ctx = &s
			target = &cur.ctx
		case kw == "msgid":
			cur.id = &s
			target = &cur.id
		case kw == "msgid_plural":
			cur.plural = &s
			target = &cur.plural
		case kw == "msgstr" || kw == "msgstr[0]":
			if cur.id == nil {
				return File{}, fail("msgstr before msgid")
			}
			cur.str = &s
			target = &cur.str
		case strings.HasPrefix(kw, "msgstr["):
			var discard *string = &s
			target = &discard
		default:
			return File{}, fail("unknown keyword %q", kw)
		}
	}
	if err := sc.Err(); err != nil {
		return File{}, &FormatError{Format: fmtPO, Line: lineNo, What: "read: " + err.Error()}
	}
	if err := finish(); err != nil {
		return File{}, err
	}
	for _, e := range entries {
		if e.obsolete {
			continue
		}
		if *e.id == "" && e.ctx == nil {
			readPOHeader(&f, *e.str)
			continue
		}
		u, err := poUnit(e)
		if err != nil {
			u.Problem = problemText(err)
		}
		f.Units = append(f.Units, u)
	}
	return f, nil
}

func readPOHeader(f *File, h string) {
	for _, line := range strings.Split(h, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "Language":
			f.TargetLang = v
		case "X-Commonplace-Source-Language":
			f.SourceLang = v
		case "X-Commonplace-File-Id":
			f.ID = v
		case "X-Commonplace-Original":
			f.Original = v
		}
	}
}

func poUnit(e *poEntry) (Unit, error) {
	u := Unit{Source: *e.id, Target: *e.str, Locations: e.refs}
	if e.ctx != nil {
		id, hash, _ := strings.Cut(*e.ctx, poCtxSeparator)
		u.ID, u.SourceHash = id, hash
	}
	if u.ID == "" {
		u.ID = "po-" + strconv.Itoa(e.line)
	}
	for _, fl := range e.flags {
		if fl == "fuzzy" {
			u.Outdated = true
		}
	}
	if e.prevID != nil {
		u.PreviousSource = *e.prevID
	}
	for _, x := range e.extracted {
		switch {
		case strings.HasPrefix(x, poStatePrefix):
			u.State = State(strings.TrimSpace(strings.TrimPrefix(x, poStatePrefix)))
			if !u.State.Valid() {
				return u, &FormatError{Format: fmtPO, Line: e.line, What: fmt.Sprintf("unknown state %q", u.State)}
			}
		case strings.HasPrefix(x, poPhPrefix):
			phs, err := poPlaceholders(strings.TrimPrefix(x, poPhPrefix))
			if err != nil {
				return u, &FormatError{Format: fmtPO, Line: e.line, What: "placeholder comment: " + err.Error()}
			}
			u.Placeholders = phs
		}
	}
	if u.State == "" {
		u.State = StateInitial
		if u.Target != "" && u.Target != u.Source {
			u.State = StateTranslated // a msgstr equal to its msgid is a copy, not a translation
		}
	}
	if u.State == StateInitial && u.Target == u.Source {
		u.Target = ""
	}
	u.Note = strings.Join(e.comments, "\n")
	return u, nil
}

// poPlaceholders reads the JSON list of a placeholder comment.
func poPlaceholders(js string) ([]Placeholder, error) {
	var list []poPlaceholder
	if err := json.Unmarshal([]byte(js), &list); err != nil {
		return nil, err
	}
	out := make([]Placeholder, len(list))
	for i, p := range list {
		out[i] = Placeholder(p)
	}
	return out, nil
}
