package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commonplace/commonplace/license"
	"github.com/commonplace/commonplace/metadata"
	"github.com/commonplace/commonplace/oai"
	"github.com/commonplace/commonplace/resource"
	"github.com/commonplace/commonplace/search"
	"github.com/commonplace/commonplace/store"
)

// Harvesting — OAI-PMH, sitemaps and feeds — is for everyone and so shows
// only what anyone may list: public resources (and, for OAI-PMH, the fact
// that a once-public resource is gone, never its text). Records come from
// the search index, written as an anonymous reader sees them, and every
// relation they name is checked against the policy again as it is served:
// a source made private since shows as the attribution's hidden hop, a
// translation made private since is left out.

// Site is how the service names itself to harvesters.
type Site struct {
	Origin     string // "https://example.org", no trailing slash
	Host       string // the repository identifier of OAI identifiers (oai:<Host>:<id>)
	AdminEmail string
}

const feedEntries = 50

// OAI answers a valid OAI-PMH request. Protocol errors are part of the
// response; an error returned is the repository failing (the protocol has
// no code for that: adapters answer 503 with Retry-After).
func (a *App) OAI(ctx context.Context, site Site, req oai.Request) (oai.Response, error) {
	resp := oai.Response{Date: a.cfg.Now().UTC(), BaseURL: site.Origin + "/oai", Request: req, Echo: true}
	if err := a.answerOAI(ctx, site, req, &resp); err != nil {
		return oai.Response{}, &Error{Kind: Unavailable, Code: "unavailable", Message: "the repository could not answer; try again shortly",
			RetryAfter: 30 * time.Second, Extra: map[string]any{"cause": err.Error()}}
	}
	return resp, nil
}

func (a *App) answerOAI(ctx context.Context, site Site, req oai.Request, resp *oai.Response) error {
	switch req.Verb {
	case oai.Identify:
		earliest, err := a.db.EarliestDatestamp(ctx)
		if err != nil {
			return err
		}
		resp.Identity = &oai.Identity{Name: Publisher + " — open educational resources", BaseURL: resp.BaseURL,
			AdminEmail: site.AdminEmail, Earliest: earliest}
	case oai.ListMetadataFormats:
		if req.Identifier != "" {
			if _, err := a.oaiItem(ctx, site, req.Identifier); errors.Is(err, resource.ErrNotFound) {
				resp.Fail(oai.Error{Code: oai.IDDoesNotExist, Message: "no record has the identifier " + req.Identifier})
				return nil
			} else if err != nil {
				return err
			}
		}
		resp.Formats = oai.Formats
	case oai.ListSets:
		if req.ResumptionToken != "" {
			resp.Fail(oai.Error{Code: oai.BadResumptionToken, Message: "this repository sends every set at once; there is nothing to resume"})
			return nil
		}
		langs, lics, err := a.db.HarvestSets(ctx)
		if err != nil {
			return err
		}
		resp.Sets = append(resp.Sets, oai.Set{Spec: "lang", Name: "By language"})
		for _, l := range langs {
			resp.Sets = append(resp.Sets, oai.Set{Spec: "lang:" + l, Name: "Language: " + resource.LanguageName(l)})
		}
		resp.Sets = append(resp.Sets, oai.Set{Spec: "license", Name: "By licence"})
		for _, l := range lics {
			resp.Sets = append(resp.Sets, oai.Set{Spec: "license:" + l, Name: "Licence: " + license.NameOf(l)})
		}
	case oai.GetRecord:
		if !oai.KnownFormat(req.MetadataPrefix) {
			resp.Fail(oai.Error{Code: oai.CannotDisseminateFormat, Message: "the formats are oai_dc and lom"})
			return nil
		}
		item, err := a.oaiItem(ctx, site, req.Identifier)
		if errors.Is(err, resource.ErrNotFound) {
			resp.Fail(oai.Error{Code: oai.IDDoesNotExist, Message: "no record has the identifier " + req.Identifier})
			return nil
		}
		if err != nil {
			return err
		}
		recs, err := a.oaiRecords(ctx, site, []store.HarvestItem{item})
		if err != nil {
			return err
		}
		resp.Records, resp.Prefix = recs, req.MetadataPrefix
	case oai.ListIdentifiers, oai.ListRecords:
		return a.oaiList(ctx, site, req, resp)
	}
	return nil
}

// oaiItem finds the record an OAI identifier names.
func (a *App) oaiItem(ctx context.Context, site Site, identifier string) (store.HarvestItem, error) {
	id, ok := strings.CutPrefix(identifier, "oai:"+site.Host+":")
	if !ok {
		return store.HarvestItem{}, resource.ErrNotFound
	}
	return a.db.HarvestRecord(ctx, id)
}

func (a *App) oaiList(ctx context.Context, site Site, req oai.Request, resp *oai.Response) error {
	key, err := a.signingKey(ctx, "oai")
	if err != nil {
		return err
	}
	var pos oai.Position
	if req.ResumptionToken != "" {
		p, e := oai.OpenToken(key, req.ResumptionToken, req.Verb, a.cfg.Now())
		if e != nil {
			resp.Fail(*e)
			return nil
		}
		pos = p
	} else {
		if !oai.KnownFormat(req.MetadataPrefix) {
			resp.Fail(oai.Error{Code: oai.CannotDisseminateFormat, Message: "the formats are oai_dc and lom"})
			return nil
		}
		pos = oai.Position{Verb: req.Verb, Prefix: req.MetadataPrefix, Set: req.Set}
		if !req.From.IsZero() {
			pos.From = req.From.Lower()
		}
		if !req.Until.IsZero() {
			pos.Until = req.Until.Upper()
		}
	}
	q := store.HarvestQuery{From: pos.From, Until: pos.Until, AfterStamp: pos.Stamp, AfterID: pos.ID}
	if pos.Set != "" {
		kind, value, _ := strings.Cut(pos.Set, ":")
		switch {
		case kind == "lang" && value != "":
			q.Language = strings.ToLower(value)
		case kind == "license" && value != "":
			q.License = value
		case (kind == "lang" || kind == "license") && !strings.Contains(pos.Set, ":"):
		default:
			resp.Fail(oai.Error{Code: oai.NoRecordsMatch, Message: "no set “" + pos.Set + "”; ListSets names them"})
			return nil
		}
	}
	size := a.cfg.HarvestPage
	if req.Verb == oai.ListIdentifiers {
		size = a.cfg.HarvestPage * 5 / 2
	}
	q.Limit = size + 1
	items, err := a.db.Harvest(ctx, q)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		if pos.Cursor == 0 && req.ResumptionToken == "" {
			resp.Fail(oai.Error{Code: oai.NoRecordsMatch, Message: "no record matches these arguments"})
			return nil
		}
		resp.Resumption = &oai.Resumption{Cursor: pos.Cursor}
		// The list ended exactly at the previous page: an empty last page.
	}
	more := len(items) > size
	if more {
		items = items[:size]
	}
	resp.Prefix = pos.Prefix
	if req.Verb == oai.ListIdentifiers {
		for _, it := range items {
			resp.Headers = append(resp.Headers, oaiHeader(site, it))
		}
	} else if resp.Records, err = a.oaiRecords(ctx, site, items); err != nil {
		return err
	}
	switch {
	case more:
		last := items[len(items)-1]
		next := pos
		next.Stamp, next.ID, next.Cursor = last.Datestamp, last.ID, pos.Cursor+len(items)
		tok, exp, err := oai.SealToken(key, next, a.cfg.Now())
		if err != nil {
			return err
		}
		resp.Resumption = &oai.Resumption{Token: tok, Expires: exp, Cursor: pos.Cursor}
	case req.ResumptionToken != "":
		resp.Resumption = &oai.Resumption{Cursor: pos.Cursor}
	}
	return nil
}

func oaiHeader(site Site, it store.HarvestItem) oai.Header {
	return oai.Header{Identifier: "oai:" + site.Host + ":" + it.ID, Datestamp: it.Datestamp, Deleted: it.Deleted,
		Sets: []string{"lang:" + search.Primary(it.Language), "license:" + it.License}}
}

// oaiRecords turns index rows into records, checking every relation they
// name against the policy as an anonymous reader.
func (a *App) oaiRecords(ctx context.Context, site Site, items []store.HarvestItem) ([]oai.Record, error) {
	recs, err := a.publicRecords(ctx, site.Origin, items)
	if err != nil {
		return nil, err
	}
	out := make([]oai.Record, len(items))
	for i, it := range items {
		out[i] = oai.Record{Header: oaiHeader(site, it)}
		if !it.Deleted {
			out[i].Meta = &recs[i]
		}
	}
	return out, nil
}

// publicRecords builds the public records of index rows (zero records for
// tombstones), with relations re-checked: sources the policy's creditable
// rule hides become hidden hops, translations not listable are dropped.
func (a *App) publicRecords(ctx context.Context, origin string, items []store.HarvestItem) ([]metadata.Record, error) {
	metas := make([]indexedMeta, len(items))
	var ids []string
	for i, it := range items {
		if it.Deleted {
			continue
		}
		if err := json.Unmarshal(it.Meta, &metas[i]); err != nil {
			return nil, fmt.Errorf("record %s: %w", it.ID, err)
		}
		for _, h := range metas[i].Sources {
			if h.Resource != "" {
				ids = append(ids, h.Resource)
			}
		}
		for _, t := range metas[i].Translations {
			ids = append(ids, t.ID)
		}
	}
	credit, err := a.creditable(ctx, Anonymous, ids...)
	if err != nil {
		return nil, err
	}
	list, err := a.listable(ctx, Anonymous, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]metadata.Record, len(items))
	for i, it := range items {
		if it.Deleted {
			continue
		}
		m := metas[i]
		r := resource.Resource{ID: it.ID, Title: it.Title, Summary: it.Summary, Language: it.Language, License: it.License,
			Level: resource.Level(it.Level), Subjects: it.Subjects, Created: it.Created, Updated: it.Updated, Kind: resource.Kind(it.Kind)}
		rec := baseRecord(r, origin)
		rec.Creators = creditsToPeople(m.Authors, origin)
		rec.Contributors = creditsToPeople(m.Contributors, origin)
		rec.Kind = "original"
		for _, h := range m.Sources {
			if h.Resource == "" || !credit[h.Resource] {
				h.Resource, h.Revision, h.URL, h.Title, h.Hidden = "", "", "", HiddenTitle, true
			}
			rec.BasedOn = append(rec.BasedOn, hopWork(h, origin))
		}
		if len(rec.BasedOn) > 0 {
			rec.Kind = workKind(it.Kind)
			if r.Kind == resource.Translation {
				tw := rec.BasedOn[0]
				rec.TranslationOf = &tw
			}
		}
		for _, t := range m.Translations {
			if list[t.ID] {
				rec.Translations = append(rec.Translations, metadata.Work{Name: t.Title, URL: AbsURL(origin, "/r/"+t.ID), Language: t.Language})
			}
		}
		if m.Accessibility != nil {
			withAccessibility(&rec, *m.Accessibility)
		} else {
			accessibility(&rec, m.Features)
		}
		out[i] = rec
	}
	return out, nil
}

// SitemapFile is either an index of sitemap files or one file's URLs.
type SitemapFile struct {
	Index []string // locations of the sitemap files, when there are several
	URLs  []metadata.SitemapURL
}

// Sitemap lists public resources for crawlers: one file when they fit in
// one, else an index of files each starting at an id (from).
func (a *App) Sitemap(ctx context.Context, origin, from string) (SitemapFile, error) {
	if from == "" {
		bounds, err := a.db.SitemapBounds(ctx, metadata.MaxSitemapURLs)
		if err != nil {
			return SitemapFile{}, err
		}
		if len(bounds) > 1 {
			var out SitemapFile
			for _, b := range bounds {
				out.Index = append(out.Index, origin+"/sitemap.xml?from="+b)
			}
			return out, nil
		}
	}
	page, families, err := a.db.SitemapPage(ctx, from, metadata.MaxSitemapURLs)
	if errors.Is(err, resource.ErrNotFound) {
		return SitemapFile{}, newErr(NotFound, "not_found", "no such sitemap")
	}
	if err != nil {
		return SitemapFile{}, err
	}
	var out SitemapFile
	for _, e := range page {
		u := metadata.SitemapURL{Loc: origin + "/r/" + e.ID, LastMod: e.Updated}
		if alts := families[e.FamilyID]; len(alts) > 1 {
			for _, m := range alts {
				u.Alternates = append(u.Alternates, metadata.Alternate{Lang: m.Language, Href: origin + "/r/" + m.ID})
			}
		}
		out.URLs = append(out.URLs, u)
	}
	return out, nil
}

// FeedRequest narrows a feed to a language or a subject.
type FeedRequest struct {
	Origin   string
	Language string
	Subject  string
}

// Feed is the newest public resources, for feed readers.
func (a *App) Feed(ctx context.Context, req FeedRequest) (metadata.Feed, error) {
	if utf8.RuneCountInString(req.Subject) > resource.MaxSubjectLen || utf8.RuneCountInString(req.Language) > 35 {
		return metadata.Feed{}, invalid("subject", "too long")
	}
	q := store.HarvestQuery{LiveOnly: true, NewestFirst: true, Limit: feedEntries, Subject: req.Subject}
	if req.Language != "" {
		q.Language = search.Primary(req.Language)
	}
	items, err := a.db.Harvest(ctx, q)
	if err != nil {
		return metadata.Feed{}, err
	}
	recs, err := a.publicRecords(ctx, req.Origin, items)
	if err != nil {
		return metadata.Feed{}, err
	}
	title, self := "New and updated resources", "/feed.atom"
	switch {
	case req.Subject != "":
		title += " on " + req.Subject
	case req.Language != "":
		title += " in " + resource.LanguageName(req.Language)
	}
	f := metadata.Feed{ID: req.Origin + self + feedQuery(req), Title: title + " · " + Publisher, SelfURL: req.Origin + self + feedQuery(req),
		SiteURL: req.Origin + "/search", Updated: time.Unix(0, 0)}
	for i, it := range items {
		rec := recs[i]
		e := metadata.Entry{ID: rec.URL, Title: rec.Name, URL: rec.URL, Summary: rec.Description, Language: rec.Language,
			Authors: rec.Creators, Categories: rec.Keywords, Published: it.Created, Updated: it.Updated, Rights: rec.LicenseName}
		if it.Updated.After(f.Updated) {
			f.Updated = it.Updated
		}
		f.Entries = append(f.Entries, e)
	}
	return f, nil
}

func feedQuery(r FeedRequest) string {
	switch {
	case r.Subject != "":
		return "?subject=" + url.QueryEscape(r.Subject)
	case r.Language != "":
		return "?language=" + url.QueryEscape(r.Language)
	}
	return ""
}
