package server_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/server"
)

// TestHostileInputNeverA5xx walks every registered route as an anonymous
// caller, a signed-in outsider and the owner, with hostile path segments,
// query values and body fields (NUL, invalid UTF-8, huge and negative
// numbers, very long strings, wrong JSON types, deeply nested JSON), and
// asserts that none is answered with a 5xx. Afterwards the documents it
// hammered still snapshot, fork, translate and name versions: nothing
// that was accepted poisoned them.
func TestHostileInputNeverA5xx(t *testing.T) {
	t.Parallel()
	env := newEnv(t, func(c *app.Config, _ *server.Config) { c.LoginBurstAccount, c.LoginBurstAddress = 1<<20, 1<<20 })
	w := newHostileWorld(t, env)

	var routes [][2]string
	for _, r := range server.RouteList(env.Srv) {
		if strings.HasPrefix(r[0], "echo_") || (r[1] == "/api/v1/*" && r[0] != "GET" && r[0] != "POST") {
			continue // echo's own not-found routes; the catch-all once per kind of method is enough
		}
		key := r[0] + " " + r[1]
		if _, ok := probes[key]; !ok && r[0] != "GET" && r[1] != "/api/v1/*" {
			t.Errorf("route %s has no probe in hostile_bodies_test.go: add its well-formed body", key)
		}
		routes = append(routes, r)
	}
	slices.SortFunc(routes, func(a, b [2]string) int { return strings.Compare(a[1]+a[0], b[1]+b[0]) })

	type who struct {
		name string
		u    *client
	}
	var (
		mu       sync.Mutex
		failures []string
		sent     int
	)
	var wg sync.WaitGroup
	// The owner gets past every check, so every spoilt value is tried as
	// the owner; the others, who are mostly refused early, get one value of
	// each kind (the machine has two cores and the suite runs under -race).
	// The owner's walk is most of the requests, so it is shared by three
	// walkers, each taking every third route: one walker left most of the
	// test to a single client goroutine, and a core idle once the others
	// had finished.
	const ownerWalkers = 3
	type walker struct {
		who
		part int // the routes i with i%ownerWalkers == part; -1: all
	}
	walkers := []walker{{who{"anonymous", nil}, -1}, {who{"outsider", w.eve}, -1}}
	for part := range ownerWalkers {
		walkers = append(walkers, walker{who{"owner", w.amina}, part})
	}
	for _, a := range walkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, r := range routes {
				if a.part >= 0 && i%ownerWalkers != a.part {
					continue
				}
				n, bad := w.walk(a.u, a.u == w.amina, r[0], r[1])
				mu.Lock()
				sent += n
				for _, b := range bad {
					failures = append(failures, a.name+": "+b)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	t.Logf("%d routes, %d hostile requests", len(routes), sent)
	slices.Sort(failures)
	for i, f := range failures {
		if i == 40 && os.Getenv("HOSTILE_ALL") == "" {
			t.Errorf("… and %d more", len(failures)-40)
			break
		}
		t.Error(f)
	}
	w.stillHealthy(t)
}

// longQueryValue is how many characters a long value has when it is put in
// every query parameter at once.
const longQueryValue = 1000

// walk sends the hostile variants of one route as u (all of them when
// deep, one of each kind otherwise) and returns how many requests it sent
// and a line for each 5xx answer.
func (w *hostileWorld) walk(u *client, deep bool, method, path string) (int, []string) {
	texts, numbers, values := hostileFew, []string(nil), hostileJSONFew
	if deep {
		texts, numbers, values = hostileText, []string{"99999999999999999999999", "-1", "1e400"}, hostileJSON
	}
	var bad []string
	n := 0
	pr := probes[method+" "+path]
	token := func() string {
		switch {
		case u == nil:
			return ""
		case strings.HasSuffix(path, "/auth/logout"):
			return w.freshToken(u)
		case strings.HasSuffix(path, "/signout-everywhere"):
			return w.throwawayToken()
		}
		return u.token
	}
	try := func(target, ct string, body []byte, what string) {
		n++
		st, out := w.send(token(), method, target, ct, body)
		switch {
		case st >= 500:
			bad = append(bad, fmt.Sprintf("%s %s (%s): %d %.200s", method, path, what, st, out))
		case st == http.StatusRequestHeaderFieldsTooLarge:
			bad = append(bad, fmt.Sprintf("%s %s (%s): net/http refused it (431) before any handler ran: the probe tests nothing", method, path, what))
		}
	}
	base := w.fill(method, path)
	ct, body := w.baseBody(pr)

	// Hostile path segments, one parameter at a time (refused before any
	// handler runs, so once is enough: as the owner).
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if !deep || !strings.HasPrefix(seg, ":") && seg != "*" {
			continue
		}
		for _, v := range hostilePath {
			parts := strings.Split(base, "/")
			parts[i] = url.PathEscape(v)
			try(strings.Join(parts, "/"), ct, body, fmt.Sprintf("path %s=%q", seg, short(v)))
		}
	}
	// Hostile query values: numbers one parameter at a time (only GET
	// handlers read numbers from queries), text in all at once.
	for _, name := range numericQueryNames {
		if method != "GET" {
			break
		}
		for _, v := range numbers {
			try(base+"?"+url.Values{name: {v}}.Encode(), ct, body, fmt.Sprintf("query %s=%q", name, short(v)))
		}
	}
	for _, v := range texts {
		// A long value in every parameter at once would pass net/http's 1 MB
		// header limit and be refused (431) before any handler ran; this one
		// is still five times the longest any parameter may be.
		if utf8.RuneCountInString(v) > longQueryValue {
			v = string([]rune(v)[:longQueryValue])
		}
		q := url.Values{}
		for _, name := range queryNames {
			q.Set(name, v)
		}
		try(base+"?"+q.Encode(), ct, body, fmt.Sprintf("every query=%q", short(v)))
	}
	// Raw, unescaped bytes in the query string.
	try(base+"?q=%ff%fe&page=%00&next=%09/evil.example", ct, body, "raw query")
	if method == "GET" || method == "HEAD" {
		return n, bad
	}
	// Hostile bodies.
	switch {
	case pr.json != nil:
		for field := range pr.json {
			for _, v := range values {
				try(base, "application/json", spoilJSON(pr.json, field, v), fmt.Sprintf("json %s=%s", field, short(v)))
			}
			try(base, "application/json", []byte(strings.Replace(string(spoilJSON(pr.json, field, `"x"`)), `"x"`, "\"\xff\"", 1)), "json "+field+"=invalid UTF-8")
		}
		for _, v := range wholeBodies {
			try(base, "application/json", []byte(v), fmt.Sprintf("body %q", short(v)))
		}
		if deep {
			try(base, "application/json", []byte(tooDeep), "body nested 100,001 deep")
		}
	case pr.form != nil:
		for field := range pr.form {
			for _, v := range texts {
				try(base, "application/x-www-form-urlencoded", spoilForm(pr.form, field, v), fmt.Sprintf("form %s=%q", field, short(v)))
			}
		}
		try(base, "application/x-www-form-urlencoded", []byte("title=%ff&%00=1&content=a%00b"), "raw form")
		try(base, "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na\x00b\r\n--x--\r\n"), "multipart NUL")
	case pr.upload != nil:
		for _, field := range append(slices.Sorted(maps.Keys(pr.upload.fields)), "file name", "file") {
			for _, v := range texts {
				b, ct := pr.upload.body(field, v)
				try(base, ct, b, fmt.Sprintf("upload %s=%q", field, short(v)))
			}
		}
		try(base, "multipart/form-data", []byte("--x\r\n"), "multipart without a boundary")
		try(base, "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"), "truncated multipart")
	case pr.raw != nil:
		for i, b := range spoilRaw(body) {
			try(base, ct, b, fmt.Sprintf("file variant %d", i))
		}
		try(base, "application/json", []byte(`{"a":"\u0000"}`), "file as JSON")
	default:
		for _, v := range wholeBodies {
			try(base, "application/json", []byte(v), fmt.Sprintf("body %q", short(v)))
		}
		if deep {
			try(base, "application/json", []byte(tooDeep), "body nested 100,001 deep")
		}
	}
	return n, bad
}

func (w *hostileWorld) baseBody(pr probe) (string, []byte) {
	switch {
	case pr.json != nil:
		return "application/json", spoilJSON(pr.json, "", "")
	case pr.form != nil:
		return "application/x-www-form-urlencoded", spoilForm(pr.form, "_", "")
	case pr.raw != nil:
		b, ct := pr.raw(w)
		return ct, b
	case pr.upload != nil:
		b, ct := pr.upload.body("", "")
		return ct, b
	}
	return "", nil
}

func short(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}

// stillHealthy checks that what the walk left behind can still be read,
// forked, translated and versioned: no accepted input poisoned it.
func (w *hostileWorld) stillHealthy(t *testing.T) {
	t.Helper()
	for _, id := range []string{w.pub, w.tr, w.fork} {
		if st, body := w.amina.do("GET", "/api/v1/resources/"+id, nil); st != http.StatusOK {
			t.Errorf("read %s after the walk: %d %v", id, st, body)
			continue
		}
		if st, body := w.eve.do("POST", "/api/v1/resources/"+id+"/forks", map[string]any{"visibility": "private"}); st != http.StatusCreated {
			t.Errorf("fork %s after the walk: %d %v", id, st, body)
		}
		if st, body := w.amina.do("POST", "/api/v1/resources/"+id+"/revisions", map[string]any{"message": "after"}); st != http.StatusCreated && st != http.StatusForbidden {
			t.Errorf("name a version of %s after the walk: %d %v", id, st, body)
		}
		if st, body := w.amina.do("GET", "/api/v1/resources/"+id+"/revisions", nil); st != http.StatusOK {
			t.Errorf("revisions of %s after the walk: %d %v", id, st, body)
		}
	}
	if st, body := w.eve.do("POST", "/api/v1/resources/"+w.pub+"/translations", map[string]any{"language": "de", "visibility": "private"}); st != http.StatusCreated {
		t.Errorf("translate after the walk: %d %v", st, body)
	}
}
