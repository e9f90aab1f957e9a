package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/commonplace/commonplace/app"
	"github.com/commonplace/commonplace/internal/oaitest"
	"github.com/commonplace/commonplace/server"
)

func oaiGet(t *testing.T, w *discoveryWorld, query string) string {
	t.Helper()
	status, body := get(t, w.env.URL+"/oai?"+query)
	if status != http.StatusOK {
		t.Fatalf("oai %s: %d %s", query, status, body)
	}
	oaitest.Validate(t, []byte(body))
	return body
}

var tokenRe = regexp.MustCompile(`<resumptionToken[^>]*>([^<]*)</resumptionToken>`)

func TestOAIPMHDataProvider(t *testing.T) {
	w := newDiscoveryWorldWith(t, func(c *app.Config, _ *server.Config) { c.HarvestPage = 2 })
	// Identify, formats and sets.
	id := oaiGet(t, w, "verb=Identify")
	for _, want := range []string{"<deletedRecord>persistent</deletedRecord>", "<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>", "<protocolVersion>2.0</protocolVersion>"} {
		if !strings.Contains(id, want) {
			t.Errorf("Identify lacks %s", want)
		}
	}
	if f := oaiGet(t, w, "verb=ListMetadataFormats"); !strings.Contains(f, "<metadataPrefix>lom</metadataPrefix>") || !strings.Contains(f, "<metadataPrefix>oai_dc</metadataPrefix>") {
		t.Errorf("formats %s", f)
	}
	sets := oaiGet(t, w, "verb=ListSets")
	for _, want := range []string{"<setSpec>lang:es</setSpec>", "<setSpec>lang:ar</setSpec>", "<setSpec>lang:zh</setSpec>", "<setSpec>license:CC0-1.0</setSpec>"} {
		if !strings.Contains(sets, want) {
			t.Errorf("sets lack %s", want)
		}
	}
	// Lists page with stateless tokens until an empty token closes them.
	for _, prefix := range []string{"oai_dc", "lom"} {
		seen := map[string]bool{}
		q := "verb=ListRecords&metadataPrefix=" + prefix
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("the list does not end")
			}
			body := oaiGet(t, w, q)
			for _, m := range regexp.MustCompile(`<identifier>(oai:[^<]*)</identifier>`).FindAllStringSubmatch(body, -1) {
				seen[m[1]] = true
			}
			for _, hidden := range []string{w.priv, w.unl, "PRIV-91", "UNL-37"} {
				if strings.Contains(body, hidden) {
					t.Errorf("%s shows %s", q, hidden)
				}
			}
			m := tokenRe.FindStringSubmatch(body)
			if m == nil {
				if !strings.Contains(body, "<resumptionToken") {
					t.Fatalf("page %d has no resumptionToken: %s", pages, body)
				}
				break // <resumptionToken …/>: the list is complete
			}
			q = "verb=ListRecords&resumptionToken=" + url.QueryEscape(m[1])
		}
		if len(seen) != 5 {
			t.Errorf("%s listed %d records, want 5: %v", prefix, len(seen), seen)
		}
	}
	// Selective harvesting by set and date; the same by POST.
	es := oaiGet(t, w, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=lang:es")
	if !strings.Contains(es, w.es) || !strings.Contains(es, w.esTr) || strings.Contains(es, w.ar) {
		t.Errorf("set lang:es: %s", es)
	}
	if body := oaiGet(t, w, "verb=ListIdentifiers&metadataPrefix=oai_dc&from=2000-01-01&until=2000-12-31"); !strings.Contains(body, `code="noRecordsMatch"`) {
		t.Errorf("old dates: %s", body)
	}
	resp, err := http.PostForm(w.env.URL+"/oai", url.Values{"verb": {"GetRecord"}, "metadataPrefix": {"lom"}, "identifier": {oaiID(w, w.zh)}})
	if err != nil {
		t.Fatal(err)
	}
	zh := readAll(t, resp)
	oaitest.Validate(t, []byte(zh))
	if !strings.Contains(zh, "开放教育资源简介") || !strings.Contains(zh, "<value>higher education</value>") {
		t.Errorf("GetRecord by POST: %s", zh)
	}
	// The translation's record names its source in both formats.
	dc := oaiGet(t, w, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(oaiID(w, w.esTr)))
	if !strings.Contains(dc, "isBasedOn "+w.env.URL+"/r/"+w.en) || !strings.Contains(dc, "<dc:language>es</dc:language>") {
		t.Errorf("dc of the translation: %s", dc)
	}
	// Errors as the protocol defines them, in an HTTP 200.
	for q, code := range map[string]string{
		"verb=Nope": "badVerb", "": "badVerb", "verb=ListRecords": "badArgument",
		"verb=ListRecords&metadataPrefix=marc":                                              "cannotDisseminateFormat",
		"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:nowhere:1":                     "idDoesNotExist",
		"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiID(w, w.priv):               "idDoesNotExist",
		"verb=ListRecords&resumptionToken=forged":                                           "badResumptionToken",
		"verb=ListRecords&metadataPrefix=oai_dc&set=lang:xx":                                "noRecordsMatch",
		"verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-01T00:00:00Z": "badArgument",
	} {
		if body := oaiGet(t, w, q); !strings.Contains(body, `code="`+code+`"`) {
			t.Errorf("%q: want %s, got %s", q, code, body)
		}
	}
	// Deleted and made-private resources stay as deleted records, without their text.
	if status, _ := w.alice.do("DELETE", "/api/v1/resources/"+w.ar, nil); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	if status, body := w.alice.do("PATCH", "/api/v1/resources/"+w.zh, map[string]any{"visibility": "private"}); status != http.StatusOK {
		t.Fatalf("make private: %d %v", status, body)
	}
	for _, id := range []string{w.ar, w.zh} {
		for _, prefix := range []string{"oai_dc", "lom"} {
			body := oaiGet(t, w, "verb=GetRecord&metadataPrefix="+prefix+"&identifier="+url.QueryEscape(oaiID(w, id)))
			if !strings.Contains(body, `<header status="deleted">`) || strings.Contains(body, "<metadata>") ||
				strings.Contains(body, "النباتات") || strings.Contains(body, "开放教育") {
				t.Errorf("deleted record %s: %s", id, body)
			}
		}
	}
	list := oaiGet(t, w, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=lang:zh")
	if !strings.Contains(list, `status="deleted"`) {
		t.Errorf("the private Chinese lesson is not reported deleted in its set: %s", list)
	}
	// Never-public resources have no tombstone: their ids were never out.
	if body := oaiGet(t, w, "verb=ListIdentifiers&metadataPrefix=oai_dc"); strings.Contains(body, w.priv) || strings.Contains(body, w.unl) {
		t.Errorf("a never-public resource is listed: %s", body)
	}
}

func oaiID(w *discoveryWorld, id string) string {
	u, _ := url.Parse(w.env.URL)
	return "oai:" + u.Hostname() + ":" + id
}
