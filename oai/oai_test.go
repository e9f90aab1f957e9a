package oai_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/commonplace/commonplace/internal/oaitest"
	"github.com/commonplace/commonplace/metadata"
	"github.com/commonplace/commonplace/oai"
)

func parse(q string) (oai.Request, []oai.Error) {
	v, _ := url.ParseQuery(q)
	return oai.Parse(v)
}

func TestParseFollowsTheProtocol(t *testing.T) {
	for q, code := range map[string]string{
		"":                            oai.BadVerb,
		"verb=Nope":                   oai.BadVerb,
		"verb=Identify&verb=Identify": oai.BadVerb,
		"verb=Identify&x=1":           oai.BadArgument,
		"verb=ListRecords":            oai.BadArgument,
		"verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=lom":                         oai.BadArgument,
		"verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc":                        oai.BadArgument,
		"verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-02T00:00:00Z": oai.BadArgument,
		"verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-01&until=2024-01-01":           oai.BadArgument,
		"verb=ListRecords&metadataPrefix=oai_dc&from=2024-1-1":                              oai.BadArgument,
		"verb=GetRecord&identifier=x":                                                       oai.BadArgument,
	} {
		_, errs := parse(q)
		if len(errs) == 0 || errs[0].Code != code {
			t.Errorf("%q: %v, want %s", q, errs, code)
		}
	}
	r, errs := parse("verb=ListIdentifiers&metadataPrefix=lom&from=2024-01-01&until=2024-01-31&set=lang:es")
	if len(errs) != 0 || r.Set != "lang:es" || !r.From.Day || r.Until.Upper() != time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("%+v %v", r, errs)
	}
	r, errs = parse("verb=ListRecords&resumptionToken=abc")
	if len(errs) != 0 || r.ResumptionToken != "abc" {
		t.Errorf("%+v %v", r, errs)
	}
}

func TestTokens(t *testing.T) {
	key := []byte("k")
	now := time.Now()
	tok, exp, err := oai.SealToken(key, oai.Position{Verb: oai.ListRecords, Prefix: "oai_dc", ID: "x"}, now)
	if err != nil || exp.Before(now) {
		t.Fatal(err)
	}
	if p, e := oai.OpenToken(key, tok, oai.ListRecords, now); e != nil || p.ID != "x" {
		t.Errorf("%+v %v", p, e)
	}
	for _, c := range []struct {
		tok, verb string
		at        time.Time
	}{{tok, oai.ListIdentifiers, now}, {tok, oai.ListRecords, now.Add(2 * oai.TokenTTL)}, {tok + "x", oai.ListRecords, now}} {
		if _, e := oai.OpenToken(key, c.tok, c.verb, c.at); e == nil || e.Code != oai.BadResumptionToken {
			t.Errorf("%v", e)
		}
	}
}

func TestResponsesValidate(t *testing.T) {
	rec := metadata.Record{URL: "https://x.org/r/1", Name: "Fracciones <&>", Description: "Medios y cuartos", Language: "es",
		LicenseURL: "https://creativecommons.org/licenses/by-sa/4.0/", LicenseName: "CC BY-SA 4.0", Level: "primary",
		Keywords: []string{"matemáticas"}, Creators: []metadata.Person{{Name: "Ana; Pérez"}}, Contributors: []metadata.Person{{Name: "Ben"}},
		Created: time.Unix(1_700_000_000, 0), Publisher: "Commonplace",
		BasedOn:      []metadata.Work{{Name: "Fractions", URL: "https://x.org/r/0", Language: "en"}, {Name: "a private resource", Hidden: true}},
		Translations: []metadata.Work{{URL: "https://x.org/r/9", Language: "ar"}}}
	now := time.Unix(1_700_000_100, 0)
	req, _ := parse("verb=ListRecords&metadataPrefix=oai_dc")
	for _, prefix := range []string{"oai_dc", "lom"} {
		req.Args["metadataPrefix"] = prefix
		resp := oai.Response{Date: now, BaseURL: "https://x.org/oai", Request: req, Echo: true, Prefix: prefix,
			Records: []oai.Record{
				{Header: oai.Header{Identifier: "oai:x.org:1", Datestamp: now, Sets: []string{"lang:es", "license:CC-BY-SA-4.0"}}, Meta: &rec},
				{Header: oai.Header{Identifier: "oai:x.org:2", Datestamp: now, Deleted: true}},
			},
			Resumption: &oai.Resumption{Token: "tok", Expires: now.Add(time.Hour), Cursor: 0}}
		req.Verb = oai.ListRecords
		oaitest.Validate(t, resp.XML())
	}
	idr, _ := parse("verb=Identify")
	id := oai.Response{Date: now, BaseURL: "https://x.org/oai", Request: idr, Echo: true,
		Identity: &oai.Identity{Name: "Commonplace", BaseURL: "https://x.org/oai", AdminEmail: "admin@x.org", Earliest: now}}
	oaitest.Validate(t, id.XML())
	bad := oai.Response{Date: now, BaseURL: "https://x.org/oai"}
	bad.Fail(oai.Error{Code: oai.BadVerb, Message: "no verb"})
	out := string(bad.XML())
	if !strings.Contains(out, `<error code="badVerb">`) || strings.Contains(out, "verb=") {
		t.Errorf("%s", out)
	}
	oaitest.Validate(t, bad.XML())
}
