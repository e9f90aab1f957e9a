package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"sort"
	"strings"
)

// A probe is the well-formed body of one route; the hostile-input test
// spoils it one field at a time. Every route that takes a body has one:
// a new route without one fails the test until it is added here.
type probe struct {
	json map[string]any    // a JSON body (json.Marshal order does not matter)
	form map[string]string // a form body
	// upload is a multipart form: its text fields (form) and one file.
	upload *upload
	raw    func(w *hostileWorld) ([]byte, string)
	none   bool // the route reads no body
}

var probes = map[string]probe{
	"POST /api/v1/auth/signup": {json: map[string]any{"handle": "zed", "email": "zed@example.org", "password": "a long passphrase for zed", "name": "Zed"}},
	"POST /api/v1/auth/login":  {json: map[string]any{"login": "amina", "password": passwordOf("amina")}},
	"POST /api/v1/auth/logout": {none: true},
	"POST /api/v1/render":      {json: map[string]any{"markdown": "# Hi"}},
	"POST /api/v1/resources":   {json: map[string]any{"title": "T", "language": "en", "license": "CC-BY-4.0", "content": "x\n", "summary": "s", "subjects": []string{"math"}, "level": "primary", "visibility": "public"}},
	"PATCH /api/v1/resources/:id": {json: map[string]any{"title": "T", "summary": "s", "content": "# Fractions\n", "language": "en", "license": "CC-BY-4.0",
		"subjects": []string{"math"}, "level": "primary", "visibility": "public", "allow_self_review": false}},
	"DELETE /api/v1/resources/:id":                       {none: true},
	"PUT /api/v1/resources/:id/collaborators/:handle":    {json: map[string]any{"role": "viewer"}},
	"DELETE /api/v1/resources/:id/collaborators/:handle": {none: true},
	"POST /api/v1/resources/:id/ops":                     {json: map[string]any{"base": 0, "ops": []any{3, "x"}}},
	"POST /api/v1/resources/:id/revisions":               {json: map[string]any{"message": "named"}},
	"POST /api/v1/resources/:id/forks":                   {json: map[string]any{"title": "F", "license": "CC-BY-4.0", "language": "en", "purpose": "adapt", "visibility": "public"}},
	"POST /api/v1/resources/:id/sync":                    {json: map[string]any{"resolutions": []any{map[string]any{"index": 0, "take": "mine", "text": "x\n"}}, "upstream": "", "version": 1}},
	"POST /api/v1/resources/:id/proposals":               {json: map[string]any{"title": "P", "description": "d", "kind": "merge"}},
	"POST /api/v1/proposals/:p/reviews":                  {json: map[string]any{"verdict": "comment", "body": "ok"}},
	"POST /api/v1/proposals/:p/merge":                    {json: map[string]any{"resolutions": []any{map[string]any{"index": 0, "take": "theirs", "text": ""}}, "upstream": "", "version": 1}},
	"POST /api/v1/resources/:id/translations":            {json: map[string]any{"language": "fr", "title": "T", "license": "CC-BY-4.0", "visibility": "public"}},
	"PATCH /api/v1/resources/:id/translation":            {json: map[string]any{"publish_approved_only": true}},
	"PUT /api/v1/resources/:id/segments/:sid":            {json: map[string]any{"target": "Hola", "state": "translated"}},
	"POST /api/v1/resources/:id/segments/:sid/minor":     {none: true},
	"POST /api/v1/resources/:id/segments/:sid/review":    {json: map[string]any{"action": "approve", "comment": "c"}},
	"POST /api/v1/resources/:id/segments/:sid/comments":  {json: map[string]any{"body": "c"}},
	"POST /api/v1/resources/:id/presence":                {json: map[string]any{"segment": "s1"}},
	"PUT /api/v1/resources/:id/xliff":                    {raw: func(w *hostileWorld) ([]byte, string) { return w.xliff, "application/xliff+xml" }},
	"PUT /api/v1/resources/:id/po":                       {raw: func(w *hostileWorld) ([]byte, string) { return w.po, "text/x-gettext-translation" }},
	"PUT /api/v1/resources/:id/tm.tmx":                   {raw: func(w *hostileWorld) ([]byte, string) { return w.tmx, "application/x-tmx+xml" }},
	"POST /api/v1/resources/:id/tm.tmx":                  {raw: func(w *hostileWorld) ([]byte, string) { return w.tmx, "application/x-tmx+xml" }},
	"POST /signup":                                       {form: map[string]string{"handle": "zoe", "email": "zoe@example.org", "password": "a long passphrase for zoe", "name": "Zoe"}},
	"POST /login":                                        {form: map[string]string{"login": "amina", "password": passwordOf("amina"), "next": "/me"}},
	"POST /logout":                                       {none: true},
	"POST /language":                                     {form: map[string]string{"lang": "es", "next": "/"}},
	"POST /new":                                          {form: map[string]string{"title": "T", "language": "en", "license": "CC-BY-4.0", "content": "x", "summary": "s", "subjects": "math", "level": "primary", "visibility": "public"}},
	"POST /r/:id/settings":                               {form: map[string]string{"title": "T", "language": "en", "license": "CC-BY-4.0", "content": "x", "summary": "s", "subjects": "math", "level": "primary", "visibility": "public", "allow_self_review": "no"}},
	"POST /r/:id/delete":                                 {form: map[string]string{"confirm": "yes"}},
	"POST /r/:id/restore":                                {none: true},
	"POST /api/v1/resources/:id/restore":                 {none: true},
	"POST /r/:id/erase":                                  {form: map[string]string{"confirm": "yes"}},
	"DELETE /api/v1/me/deleted-resources/:id":            {none: true},
	"POST /r/:id/collaborators":                          {form: map[string]string{"handle": "bruno", "role": "viewer"}},
	"POST /r/:id/collaborators/:handle/remove":           {none: true},
	"POST /r/:id/revisions":                              {form: map[string]string{"message": "named"}},
	"POST /r/:id/fork":                                   {form: map[string]string{"title": "F", "license": "CC-BY-4.0", "language": "en", "purpose": "adapt", "visibility": "public"}},
	"POST /r/:id/sync":                                   {form: map[string]string{"upstream": "", "version": "1", "conflicts": "1", "take_0": "edit", "text_0": "x"}},
	"POST /r/:id/propose":                                {form: map[string]string{"title": "P", "description": "d", "kind": "merge"}},
	"POST /proposals/:p/reviews":                         {form: map[string]string{"verdict": "comment", "body": "ok"}},
	"POST /proposals/:p/merge":                           {none: true},
	"POST /r/:id/translate":                              {form: map[string]string{"op": "save", "segment": "s", "target": "Hola", "state": "translated", "comment": "c", "publish": "approved", "return": "/r/x"}},
	"POST /r/:id/translations":                           {form: map[string]string{"language": "fr"}},
	"DELETE /api/v1/me/tokens/:id":                       {none: true},
	"DELETE /api/v1/me/sessions/:id":                     {none: true},
	"POST /account/sessions/:id/revoke":                  {none: true},
	"POST /account/tokens/:id/revoke":                    {none: true},
	// Accounts (issue 11): the passwords are wrong on purpose, so the walk
	// never changes them or deletes the account it walks as; signing out
	// everywhere is walked as a throwaway account (hostile_test.go).
	"PATCH /api/v1/me":                                                {json: map[string]any{"name": "Amina"}},
	"PUT /api/v1/me/email":                                            {json: map[string]any{"email": "amina@school.example", "current_password": "not the password"}},
	"DELETE /api/v1/me/email/pending":                                 {none: true},
	"POST /api/v1/me/email/confirmation":                              {none: true},
	"POST /api/v1/auth/confirm-email":                                 {json: map[string]any{"token": "cpe_nothing"}},
	"POST /account/email/cancel":                                      {none: true},
	"POST /account/email/confirmation":                                {none: true},
	"POST /account/email/confirm":                                     {form: map[string]string{"token": "cpe_nothing"}},
	"PUT /api/v1/me/password":                                         {json: map[string]any{"current_password": "not the password", "password": "quiet harbour lights"}},
	"POST /api/v1/me/signout-everywhere":                              {none: true},
	"DELETE /api/v1/me":                                               {json: map[string]any{"password": "not the password", "confirm": "amina", "credit": "former", "to": map[string]string{}}},
	"POST /account/name":                                              {form: map[string]string{"name": "Amina"}},
	"POST /account/email":                                             {form: map[string]string{"email": "amina@school.example", "email_current_password": "not the password"}},
	"POST /account/password":                                          {form: map[string]string{"current_password": "not the password", "password": "quiet harbour lights"}},
	"POST /account/signout-everywhere":                                {none: true},
	"POST /account/delete":                                            {form: map[string]string{"password": "not the password", "confirm": "amina", "credit": "former"}},
	"POST /api/v1/resources/:id/images":                               {upload: &upload{fields: map[string]string{"alt": "A dot"}, file: "dot.png", data: tinyPNG}},
	"POST /r/:id/images":                                              {upload: &upload{fields: map[string]string{"alt": "A dot"}, file: "dot.png", data: tinyPNG}},
	"DELETE /api/v1/resources/:id/images/:name":                       {none: true},
	"POST /r/:id/images/:name/remove":                                 {none: true},
	"POST /api/v1/resources/import":                                   {upload: &upload{fields: lessonFields, file: "lesson.md", data: []byte("# Imported\n\nA sentence.\n")}},
	"POST /new/import":                                                {upload: &upload{fields: lessonFields, file: "lesson.md", data: []byte("# Imported\n\nA sentence.\n")}},
	"POST /api/v1/resources/:id/accessibility/check":                  {json: map[string]any{"markdown": "# Hi\n\n![](x.png)\n"}},
	"POST /api/v1/resources/:id/accessibility/dismissals":             {json: map[string]any{"rule": "image-alt", "fingerprint": "x", "reason": "decorative"}},
	"DELETE /api/v1/resources/:id/accessibility/dismissals/:rule/:fp": {none: true},
	"POST /r/:id/accessibility/dismissals":                            {form: map[string]string{"rule": "image-alt", "fingerprint": "x", "reason": "decorative"}},
	"POST /r/:id/accessibility/restore":                               {form: map[string]string{"rule": "image-alt", "fingerprint": "x"}},
	"POST /oai":                                                       {form: map[string]string{"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01", "until": "2030-01-01"}},
	"POST /api/v1/revisions/:rev/restore":                             {none: true},
	"POST /r/:id/revisions/:rev/restore":                              {none: true},
	"POST /api/v1/proposals/:p/close":                                 {none: true},
	"POST /api/v1/proposals/:p/reopen":                                {none: true},
	"POST /proposals/:p/close":                                        {none: true},
	"POST /proposals/:p/reopen":                                       {none: true},
	"POST /api/v1/proposals/:p/comments":                              {json: map[string]any{"line_old": 1, "line_new": 1, "body": "A note."}},
	"POST /proposals/:p/comments":                                     {form: map[string]string{"comment_line": "new:1", "comment_body": "A note."}},
	"POST /api/v1/auth/forgot-password":                               {json: map[string]any{"email": "nobody@example.org"}},
	"POST /api/v1/auth/reset-password":                                {json: map[string]any{"token": "cpr_nothing", "password": "lantern meadow river"}},
	"POST /api/v1/notifications/read":                                 {json: map[string]any{"ids": []string{"0195f6a0-0000-7000-8000-000000000000"}, "all": false}},
	"PUT /api/v1/me/notification-settings":                            {json: map[string]any{"email": "off"}},
	"POST /forgot-password":                                           {form: map[string]string{"email": "nobody@example.org"}},
	"POST /reset-password":                                            {form: map[string]string{"token": "cpr_nothing", "password": "lantern meadow river"}},
	"POST /settings/notifications":                                    {form: map[string]string{"email": "off"}},
	"POST /inbox/read":                                                {form: map[string]string{"id": "0195f6a0-0000-7000-8000-000000000000", "all": ""}},
}

// upload is a multipart body: text fields and one file.
type upload struct {
	fields map[string]string
	file   string
	data   []byte
}

var lessonFields = map[string]string{"language": "en", "license": "CC-BY-4.0", "visibility": "private"}

// tinyPNG is a 1×1 picture.
var tinyPNG = func() []byte {
	var b bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}()

// body writes the upload with field set to v (field "" spoils nothing;
// field "file name" spoils the file's name, "file" its bytes).
func (u *upload) body(field, v string) ([]byte, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, x := range u.fields {
		if k == field {
			x = v
		}
		_ = mw.WriteField(k, x)
	}
	name, data := u.file, u.data
	switch field {
	case "file name":
		name = v
	case "file":
		data = append(append([]byte{}, data...), v...)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	h.Set("Content-Type", "application/octet-stream")
	w, _ := mw.CreatePart(h)
	_, _ = w.Write(data)
	_ = mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

// hostileJSON are JSON values that a field may be spoiled with.
var hostileJSON = func() []string {
	deepish := strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)
	return []string{
		`"a\u0000b"`, `"\ud800"`, `"\u0001\u001f\u007f\u2028"`, `"` + strings.Repeat("é", 12000) + `"`, `""`,
		`"0195f6a0-0000-7000-8000-000000000000"`, `"99999999999999999999999"`,
		`1e400`, `99999999999999999999999999`, `-1`, `9223372036854775807`, `3.5`, `true`, `null`, `[]`, `{}`,
		`["a\u0000"]`, deepish,
	}
}()

// hostileJSONFew is one hostile JSON value of a few kinds.
var hostileJSONFew = []string{`"a\u0000b"`, `99999999999999999999999`, `[]`}

// hostilePath are the path segments tried, one of each kind.
var hostilePath = []string{"a\x00b", "\xff\xfe", "\xed\xa0\x80", "99999999999999999999999", "-1", strings.Repeat("é", 4000), "../../etc/passwd", "%00"}

// hostileFew are a few strings of different kinds, for the callers who are
// refused early.
var hostileFew = []string{"a\x00b", "\xff\xfe", strings.Repeat("é", 4000)}

// hostileText are strings for forms and query values.
var hostileText = []string{
	"a\x00b", "\xff\xfe", "\xed\xa0\x80", "a\x01\x1f\x7f", "\t/evil.example", "//evil.example", "/\\evil.example",
	strings.Repeat("é", 4000), "", "99999999999999999999999", "-1", "-9223372036854775809", "1e400",
	"0195f6a0-0000-7000-8000-000000000000", "../../etc/passwd",
}

// queryNames are every query parameter a handler reads.
var queryNames = []string{"page", "per_page", "owner", "language", "q", "mine", "view", "limit", "offset", "since", "from", "to",
	"revision", "source", "target", "version", "format", "state", "outdated", "archived", "suggest", "done", "next", "client",
	"level", "license", "subject", "kind", "translated_into", "updated_since", "updated", "allows", "approved", "sort", "prefer",
	"cursor", "after", "mode", "review", "seg", "unread", "ungrouped", "verb", "metadataPrefix", "identifier", "until", "set",
	"resumptionToken"}

// numericQueryNames are the query parameters read as numbers.
var numericQueryNames = []string{"page", "per_page", "limit", "offset", "since", "version"}

// spoilJSON returns the probe's body with field set to the raw JSON value v.
func spoilJSON(base map[string]any, field, v string) []byte {
	keys := make([]string, 0, len(base))
	for k := range base {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		if k == field {
			b.WriteString(v)
		} else {
			vb, _ := json.Marshal(base[k])
			b.Write(vb)
		}
	}
	b.WriteByte('}')
	return []byte(b.String())
}

// wholeBodies replace a JSON body entirely; tooDeep (past encoding/json's
// nesting limit) is sent once per route, as the owner.
var (
	wholeBodies = []string{"", "\xff", "null", "[]", "123", `"s"`, "{", `{"a":1}`, `{"visiblity":"public"}`, "{}"}
	tooDeep     = strings.Repeat("[", 100001) + strings.Repeat("]", 100001)
)

func spoilForm(base map[string]string, field, v string) []byte {
	vals := url.Values{}
	for k, x := range base {
		vals.Set(k, x)
	}
	vals.Set(field, v)
	return []byte(vals.Encode())
}

// spoilRaw are file bodies with NUL, invalid UTF-8 and deep nesting put in.
func spoilRaw(base []byte) [][]byte {
	s := string(base)
	insert := func(at, what string) []byte {
		if i := strings.LastIndex(s, at); i >= 0 {
			return []byte(s[:i+len(at)] + what + s[i+len(at):])
		}
		return []byte(s + what)
	}
	deep := strings.Repeat("<a>", 20000) + strings.Repeat("</a>", 20000)
	return [][]byte{
		insert("<target>", "\x00"), insert("<target>", "&#0;"), insert("<target>", "\xff"), insert("<seg>", "\x00"),
		insert("<seg>", "&#0;"), insert(`msgstr "`, "\x00"), insert(`msgstr "`, `\0`), insert(`msgstr "`, "\xff"),
		insert(`msgid "`, "\x00"), []byte("\x00"), []byte("\xff\xfe"), []byte(deep), []byte(s + strings.Repeat("\x00", 10)),
		[]byte(fmt.Sprintf("%s<!DOCTYPE x [<!ENTITY a \"%s\">]>", s, strings.Repeat("a", 10))),
	}
}
