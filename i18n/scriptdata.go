package i18n

import (
	"encoding/json"
	"io/fs"
	"path"
)

// The browser bundle's messages: the template's entries whose references
// name frontend/src (extract marks them), sent to pages as JSON for
// frontend/src/i18n.js. English sends none: the ids are the English.

type jsMessage struct{ id, plural string }

func loadJSMessages(fsys fs.FS, dir string) ([]jsMessage, error) {
	pot, err := fs.ReadFile(fsys, path.Join(dir, "messages.pot"))
	if err != nil {
		return nil, err
	}
	_, list := parsePO(pot)
	var out []jsMessage
	for _, e := range list {
		if IsJS(e.refs) {
			out = append(out, jsMessage{e.id, e.plural})
		}
	}
	return out, nil
}

// ScriptData is the JSON the bundle reads: {"lang": "es", "numbering": "latn", "messages": {id: text
// or {category: text}}}. "numbering" is the digits the server writes numbers and dates in, so that
// the browser's Intl writes the same whatever CLDR its version carries.
// With messages false it is the language alone, for pages whose scripts show no text of
// their own (times, on every page).
func (l *Locale) ScriptData(messages bool) []byte {
	d := map[string]any{"lang": l.Code, "numbering": l.Numbering()}
	if messages {
		msgs := map[string]any{}
		if l.trs != nil {
			for _, m := range l.js {
				if m.plural != "" {
					msgs[m.id] = l.Forms(m.id, m.plural)
				} else if tr, ok := l.trs[m.id]; ok && tr.IsTranslated() {
					msgs[m.id] = tr.Get()
				}
			}
		}
		d["messages"] = msgs
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic("i18n: script data: " + err.Error()) // strings only: cannot fail
	}
	return b // json.Marshal escapes <, > and &, so it is safe inside a script element
}

// MessageIDs are the template's message ids (singular and plural), for
// tests that look for English left on a page.
func MessageIDs() []string {
	pot, err := Catalogues.ReadFile("po/messages.pot")
	if err != nil {
		return nil
	}
	_, list := parsePO(pot)
	var out []string
	for _, e := range list {
		out = append(out, e.id)
		if e.plural != "" {
			out = append(out, e.plural)
		}
	}
	return out
}
