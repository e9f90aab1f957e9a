package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// discoveryWorld: public lessons in English, Spanish, Arabic and Chinese, a
// public Spanish translation of the English one, and private and unlisted
// lessons whose words are everywhere — they must never be found by others.
type discoveryWorld struct {
	env                             *testEnv
	alice, bob                      *client
	en, es, ar, zh, esTr, priv, unl string
}

const (
	privTitle = "Secret circle notes PRIV-91"
	unlTitle  = "Unlisted circle notes UNL-37"
)

func newDiscoveryWorld(t *testing.T) *discoveryWorld { return newDiscoveryWorldWith(t) }

func newDiscoveryWorldWith(t *testing.T, opts ...envOption) *discoveryWorld {
	env := newEnv(t, opts...)
	w := &discoveryWorld{env: env, alice: env.signup("alice"), bob: env.signup("bob")}
	pub := func(lang, title, summary, content, lic, level string, subjects ...string) string {
		return w.alice.createResource(map[string]any{"title": title, "summary": summary, "content": content, "language": lang,
			"license": lic, "level": level, "subjects": subjects, "visibility": "public"})
	}
	w.en = pub("en", "Area of a circle", "How to measure round shapes.", "# Area\n\nThe area of a circle is π times the radius squared.\n\nPlants are not circles.\n", "CC-BY-4.0", "lower-secondary", "geometry", "mathematics")
	w.es = pub("es", "Las plantas y el agua", "Cómo beben las plantas.", "# Plantas\n\nUna planta necesita agua y luz.\n", "CC-BY-NC-SA-4.0", "primary", "biología")
	w.ar = pub("ar", "النباتات والماء", "كيف تشرب النباتات", "# النباتات\n\nتحتاج النباتات إلى الماء والضوء.\n", "CC-BY-SA-4.0", "primary", "علم الأحياء")
	w.zh = pub("zh-Hans", "开放教育资源简介", "什么是开放教育资源", "# 开放教育资源\n\n开放教育资源是免费的学习材料。\n", "CC0-1.0", "higher", "教育")
	w.priv = w.alice.createResource(map[string]any{"title": privTitle, "content": "circle plants planta النباتات 开放教育 geometry\n", "language": "en", "visibility": "private", "subjects": []string{"geometry"}})
	w.unl = w.alice.createResource(map[string]any{"title": unlTitle, "content": "circle plants planta النباتات 开放教育 geometry\n", "language": "en", "visibility": "unlisted", "subjects": []string{"geometry"}})
	status, body := w.alice.do("POST", "/api/v1/resources/"+w.en+"/translations", map[string]any{"language": "es", "visibility": "public"})
	if status != http.StatusCreated {
		t.Fatalf("start translation: %d %v", status, body)
	}
	w.esTr = body["id"].(string)
	w.flush()
	return w
}

func (w *discoveryWorld) flush() {
	w.env.t.Helper()
	if _, err := w.env.App.FlushIndex(context.Background()); err != nil {
		w.env.t.Fatal(err)
	}
}

func (w *discoveryWorld) search(c *client, query string) map[string]any {
	w.env.t.Helper()
	status, body := c.do("GET", "/api/v1/search?"+query, nil)
	if status != http.StatusOK {
		w.env.t.Fatalf("search %s: %d %v", query, status, body)
	}
	return body
}

func resultIDs(body map[string]any) []string {
	var out []string
	for _, r := range body["results"].([]any) {
		out = append(out, r.(map[string]any)["id"].(string))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSearchAPIInFourLanguages(t *testing.T) {
	w := newDiscoveryWorld(t)
	anon := w.env.anon()
	for _, tc := range []struct{ q, want string }{
		{"q=plantas", w.es}, {"q=planta", w.es}, {"q=circel", w.en}, {"q=area+of+a+circle", w.en}, {"q=geometry", w.en},
		{"q=" + url.QueryEscape("النباتات"), w.ar}, {"q=" + url.QueryEscape("教育"), w.zh}, {"q=" + url.QueryEscape("开放教育"), w.zh},
	} {
		for _, c := range []*client{anon, w.bob} {
			ids := resultIDs(w.search(c, tc.q))
			if !contains(ids, tc.want) {
				t.Errorf("%s: %v lacks %s", tc.q, ids, tc.want)
			}
			if contains(ids, w.priv) || contains(ids, w.unl) {
				t.Errorf("%s finds a private or unlisted resource: %v", tc.q, ids)
			}
		}
	}
	// Counts never include what the caller cannot see; the owner finds hers.
	all := w.search(w.bob, "")
	if n := int(all["resources"].(float64)); n != 5 {
		t.Errorf("bob counts %d resources, want 5", n)
	}
	raw, _ := json.Marshal(all)
	if strings.Contains(string(raw), "PRIV-91") || strings.Contains(string(raw), "UNL-37") {
		t.Errorf("the answer names a hidden resource: %s", raw)
	}
	if ids := resultIDs(w.search(w.alice, "q=circle")); !contains(ids, w.priv) || !contains(ids, w.unl) {
		t.Errorf("the owner does not find her own notes: %v", ids)
	}
	// The Spanish translation sits under its original, unless asked for.
	grouped := w.search(anon, "q=circle")
	for _, r := range grouped["results"].([]any) {
		m := r.(map[string]any)
		if m["id"] == w.esTr {
			t.Errorf("the translation is listed on its own: %v", m)
		}
		if m["id"] == w.en {
			if fam := m["family"].(map[string]any); fam["translations"].(float64) != 1 {
				t.Errorf("family %v", fam)
			}
		}
	}
	if ids := resultIDs(w.search(anon, "q=circle&kind=translation")); len(ids) != 1 || ids[0] != w.esTr {
		t.Errorf("kind=translation: %v", ids)
	}
	// Facets: narrow by licence and level; "has a translation into Spanish".
	if ids := resultIDs(w.search(anon, "license=CC-BY-NC-SA-4.0&level=primary")); len(ids) != 1 || ids[0] != w.es {
		t.Errorf("licence and level: %v", ids)
	}
	if ids := resultIDs(w.search(anon, "translated_into=es")); len(ids) != 1 || ids[0] != w.en {
		t.Errorf("translated_into=es: %v", ids)
	}
	if ids := resultIDs(w.search(anon, "allows=commercial&language=ar")); len(ids) != 1 {
		t.Errorf("allows commercial in Arabic: %v", ids)
	}
	facets := all["facets"].(map[string]any)
	for _, name := range []string{"language", "license", "level", "subject", "kind", "translated_into", "allows", "updated"} {
		if len(facets[name].([]any)) == 0 {
			t.Errorf("facet %s is empty", name)
		}
	}
	// Most adapted first: the English lesson has a public translation.
	if ids := resultIDs(w.search(anon, "sort=adapted")); len(ids) == 0 || ids[0] != w.en {
		t.Errorf("sort=adapted: %v", ids)
	}
	// Keyset pages, and cursors that cannot be forged or moved.
	first := w.search(anon, "limit=2&sort=newest")
	next, _ := first["next"].(string)
	if next == "" {
		t.Fatal("no next cursor")
	}
	second := w.search(anon, "limit=2&sort=newest&cursor="+url.QueryEscape(next))
	if a, b := resultIDs(first), resultIDs(second); len(b) == 0 || contains(a, b[0]) {
		t.Errorf("pages overlap: %v %v", a, b)
	}
	for _, q := range []string{"limit=2&sort=relevance&cursor=" + url.QueryEscape(next), "cursor=garbage", "sort=sideways", "limit=500", "kind=poem", "allows=everything"} {
		if status, body := anon.do("GET", "/api/v1/search?"+q, nil); status != http.StatusBadRequest && status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %v", q, status, body)
		}
	}
}

func TestSearchPageWorksWithoutJavaScriptAndEscapesSnippets(t *testing.T) {
	w := newDiscoveryWorld(t)
	w.alice.createResource(map[string]any{"title": "Tricky circle", "content": "A circle <script>alert(1)</script> and <b>bold</b> circle.\n", "visibility": "public"})
	w.flush()
	body := w.search(w.env.anon(), "q=circle&ungrouped=1")
	for _, r := range body["results"].([]any) {
		h := r.(map[string]any)["snippet_html"].(string)
		if strings.Contains(h, "<script") || strings.Contains(h, "<b>") {
			t.Errorf("snippet html lets markup through: %s", h)
		}
	}
	b := w.env.browser()
	status, page := b.get("/search?q=" + url.QueryEscape("plantas"))
	if status != http.StatusOK || !strings.Contains(page, "/r/"+w.es) || !strings.Contains(page, "<mark>") {
		t.Fatalf("search page %d: %s", status, page)
	}
	for _, link := range []string{"language=es", "license=CC-BY-NC-SA-4.0", "level=primary"} {
		if !strings.Contains(page, link) {
			t.Errorf("the page offers no %s filter", link)
		}
	}
	_, home := b.get("/")
	if !strings.Contains(home, `action="/search"`) {
		t.Error("the home page's search form does not lead to /search")
	}
	_, page = b.get("/search?q=circle&prefer=ar")
	if strings.Contains(page, "PRIV-91") || strings.Contains(page, "UNL-37") {
		t.Error("the search page shows a hidden resource")
	}
}

func TestSimilarBeforeDuplicating(t *testing.T) {
	w := newDiscoveryWorld(t)
	status, body := w.bob.do("GET", "/api/v1/similar?title="+url.QueryEscape("Area of circles")+"&language=en", nil)
	raw, _ := json.Marshal(body)
	if status != http.StatusOK || !strings.Contains(string(raw), w.en) || strings.Contains(string(raw), "PRIV-91") {
		t.Fatalf("similar: %d %s", status, raw)
	}
	for title, want := range map[string]string{"النباتات و الماء": w.ar, "开放教育资源": w.zh, "Las plantas y agua": w.es} {
		status, body := w.bob.do("GET", "/api/v1/similar?title="+url.QueryEscape(title), nil)
		raw, _ := json.Marshal(body)
		if status != http.StatusOK || !strings.Contains(string(raw), want) {
			t.Errorf("similar to %q: %d %s", title, status, raw)
		}
	}
	// Starting a Spanish translation when one exists: told first, with its progress.
	status, body = w.bob.do("POST", "/api/v1/resources/"+w.en+"/translations", map[string]any{"language": "es", "check_existing": true})
	raw, _ = json.Marshal(body)
	if status != http.StatusConflict || errorCode(body) != "existing_translation" || !strings.Contains(string(raw), w.esTr) {
		t.Fatalf("check_existing: %d %s", status, raw)
	}
	status, body = w.bob.do("GET", "/api/v1/similar?source="+w.en+"&language=es", nil)
	raw, _ = json.Marshal(body)
	if status != http.StatusOK || !strings.Contains(string(raw), `"percent_translated"`) || !strings.Contains(string(raw), w.esTr) {
		t.Errorf("similar by source: %d %s", status, raw)
	}
	// The new-resource form: the hint fragment, and a held-back submission.
	b := w.env.browser()
	b.signIn("bob")
	_, frag := b.get("/similar?title=" + url.QueryEscape("Area of a circle") + "&language=en")
	if !strings.Contains(frag, "/r/"+w.en) || strings.Contains(frag, "PRIV-91") {
		t.Errorf("hint fragment: %s", frag)
	}
	_, form := b.get("/new")
	csrf := csrfFrom(form)
	resp := b.post("/new", map[string]string{"_csrf": csrf, "title": "Area of a Circle", "language": "en", "license": "CC-BY-4.0", "visibility": "public", "content": "x"}, nil)
	page := readAll(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "already exist") || !strings.Contains(page, "create_anyway") {
		t.Fatalf("near duplicate: %d %s", resp.StatusCode, page)
	}
	resp = b.post("/new", map[string]string{"_csrf": csrf, "title": "Area of a Circle", "language": "en", "license": "CC-BY-4.0", "visibility": "public", "content": "x", "create_anyway": "1"}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("create anyway: %d %s", resp.StatusCode, readAll(t, resp))
	}
	// The translation start form offers the existing one to join.
	resp = b.post("/r/"+w.en+"/translations", map[string]string{"_csrf": csrf, "language": "es"}, nil)
	page = readAll(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "/r/"+w.esTr) || !strings.Contains(page, "% translated") {
		t.Errorf("translation exists page: %d %s", resp.StatusCode, page)
	}
}

var ldRe = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLD reads a page's JSON-LD back.
func jsonLD(t *testing.T, page string) map[string]any {
	t.Helper()
	m := ldRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no JSON-LD in the page")
	}
	var out map[string]any
	if err := json.Unmarshal([]byte(m[1]), &out); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	return out
}

func TestResourcePagesDescribeThemselves(t *testing.T) {
	w := newDiscoveryWorld(t)
	b := w.env.browser()
	_, page := b.get("/r/" + w.esTr)
	ld := jsonLD(t, page)
	for _, k := range []string{"@context", "@type", "name", "description", "inLanguage", "license", "creator", "educationalLevel",
		"keywords", "about", "dateCreated", "dateModified", "isBasedOn", "translationOfWork", "isAccessibleForFree", "accessMode", "accessibilityFeature"} {
		if _, ok := ld[k]; !ok {
			t.Errorf("translation JSON-LD lacks %s: %v", k, ld)
		}
	}
	if types := ld["@type"].([]any); len(types) != 2 || types[1] != "LearningResource" {
		t.Errorf("@type %v", types)
	}
	src := ld["isBasedOn"].([]any)[0].(map[string]any)
	if !strings.HasSuffix(src["url"].(string), "/r/"+w.en) || src["name"] != "Area of a circle" || src["license"] == nil || src["creator"] == nil {
		t.Errorf("isBasedOn %v", src)
	}
	if ld["inLanguage"] != "es" || !strings.Contains(page, `hreflang="en"`) || !strings.Contains(page, `property="og:title"`) {
		t.Errorf("language links: %v", ld["inLanguage"])
	}
	for id, lang := range map[string]string{w.ar: "ar", w.zh: "zh-Hans"} {
		_, page := b.get("/r/" + id)
		if ld := jsonLD(t, page); ld["inLanguage"] != lang || ld["name"] == "" || ld["license"] == nil {
			t.Errorf("%s JSON-LD: %v", lang, ld)
		}
	}
	_, page = b.get("/r/" + w.en)
	ld = jsonLD(t, page)
	if tr, ok := ld["workTranslation"].([]any); !ok || len(tr) != 1 || !strings.Contains(page, `hreflang="es"`) {
		t.Errorf("workTranslation %v", ld["workTranslation"])
	}
	// A public fork of a private source names the source only as the hidden hop.
	status, body := w.alice.do("POST", "/api/v1/resources/"+w.priv+"/forks", map[string]any{"title": "Circles, published </script><script>x()</script>", "visibility": "public"})
	if status != http.StatusCreated {
		t.Fatalf("fork: %d %v", status, body)
	}
	fork := body["id"].(string)
	_, page = w.env.browser().get("/r/" + fork)
	ld = jsonLD(t, page)
	if ld["name"] != "Circles, published </script><script>x()</script>" {
		t.Errorf("name %v", ld["name"])
	}
	based := ld["isBasedOn"].([]any)[0].(map[string]any)
	if based["name"] != "a private resource" || based["url"] != nil || strings.Contains(page, "PRIV-91") || strings.Contains(page, w.priv) {
		t.Errorf("the hidden source leaks: %v", based)
	}
	ab := w.env.browser()
	ab.signIn("alice")
	_, page = ab.get("/r/" + w.unl)
	if !strings.Contains(page, `<meta name="robots" content="noindex">`) {
		t.Error("an unlisted page may be indexed")
	}
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

func TestSitemapFeedsAndRobotsArePublicOnly(t *testing.T) {
	w := newDiscoveryWorld(t)
	for _, path := range []string{"/sitemap.xml", "/feed.atom", "/feed.atom?language=es", "/feed.atom?subject=geometry", "/robots.txt"} {
		status, body := get(t, w.env.URL+path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, status, body)
		}
		for _, hidden := range []string{w.priv, w.unl, "PRIV-91", "UNL-37"} {
			if strings.Contains(body, hidden) {
				t.Errorf("%s shows %s", path, hidden)
			}
		}
		switch path {
		case "/sitemap.xml":
			for _, id := range []string{w.en, w.es, w.ar, w.zh, w.esTr} {
				if !strings.Contains(body, "/r/"+id) {
					t.Errorf("sitemap lacks %s", id)
				}
			}
			if !strings.Contains(body, "<lastmod>") || !strings.Contains(body, `hreflang="es"`) {
				t.Errorf("sitemap %s", body)
			}
		case "/feed.atom?language=es":
			if !strings.Contains(body, w.es) || strings.Contains(body, w.ar) {
				t.Errorf("Spanish feed %s", body)
			}
		case "/feed.atom?subject=geometry":
			if !strings.Contains(body, w.en) || strings.Contains(body, w.es) {
				t.Errorf("geometry feed %s", body)
			}
		case "/robots.txt":
			if !strings.Contains(body, "Sitemap: "+w.env.URL+"/sitemap.xml") {
				t.Errorf("robots %s", body)
			}
		}
	}
}
