package app

import (
	"context"
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/store"
)

// Kinds of outbox mail.
const (
	mailNotification  = "notification"
	mailDigest        = "digest"
	mailPasswordReset = "password_reset"
)

// settingsPath is where a person chooses what they hear by e-mail (the
// unsubscribe link of every notification e-mail).
const settingsPath = "/settings/notifications"

// immediateMail builds one e-mail per notification, at send time: each is
// composed for its recipient under the policy of this moment, so one whose
// place has become hidden is dropped (and marked mailed all the same).
func (a *App) immediateMail(ctx context.Context, rows []store.Notification) ([]store.Mail, error) {
	byUser := map[string][]store.Notification{}
	var order []string
	for _, r := range rows {
		if _, ok := byUser[r.UserID]; !ok {
			order = append(order, r.UserID)
		}
		byUser[r.UserID] = append(byUser[r.UserID], r)
	}
	users, err := a.db.UserNames(ctx, order)
	if err != nil {
		return nil, err
	}
	var out []store.Mail
	for _, uid := range order {
		u, ok := users[uid]
		if !ok || !u.EmailVerified {
			continue // dropped, and marked mailed: notifications wait for a confirmed address
		}
		list, err := a.compose(ctx, uid, u.UILanguage, byUser[uid])
		if err != nil {
			return nil, err
		}
		loc := i18n.Default().Choose(u.UILanguage, "")
		for _, n := range list {
			link := a.cfg.Mail.PublicURL + "/notifications/" + n.ID
			text := loc.T("Hello {name},", "name", u.Name) + "\n\n" + n.Text + "\n\n" + loc.T("Open it: {link}", "link", link) + "\n" + a.mailFooter(loc, false)
			body := "<p>" + helloHTML(loc, u.Name) + "</p>\n<p>" + PartsHTML(n.Parts) + "</p>\n<p><a href=\"" +
				html.EscapeString(link) + "\">" + html.EscapeString(loc.T("Open it")) + "</a></p>\n" + a.mailFooter(loc, true)
			out = append(out, store.Mail{UserID: uid, Kind: mailNotification, To: u.Email, Subject: subjectOf(n.Text), Text: text, HTML: body, NextTry: a.dbNow()})
		}
	}
	return out, nil
}

// digestMail builds one person's daily digest from their unread
// notifications not yet mailed, at send time and under the policy of this
// moment; nothing is sent when none of them may be told any more.
func (a *App) digestMail(ctx context.Context, rows []store.Notification) ([]store.Mail, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	uid := rows[0].UserID
	users, err := a.db.UserNames(ctx, []string{uid})
	if err != nil {
		return nil, err
	}
	u, ok := users[uid]
	if !ok || !u.EmailVerified {
		return nil, nil
	}
	list, err := a.compose(ctx, uid, u.UILanguage, rows)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	loc := i18n.Default().Choose(u.UILanguage, "")
	hello, since := loc.T("Hello {name},", "name", u.Name), loc.T("What happened since your last digest:")
	var text, body strings.Builder
	fmt.Fprintf(&text, "%s\n\n%s\n\n", hello, since)
	fmt.Fprintf(&body, "<p>%s</p>\n<p>%s</p>\n<ul>\n", helloHTML(loc, u.Name), html.EscapeString(since))
	for _, n := range list {
		link := a.cfg.Mail.PublicURL + "/notifications/" + n.ID
		fmt.Fprintf(&text, "- %s\n  %s\n", n.Text, link)
		fmt.Fprintf(&body, "<li><a href=\"%s\">%s</a></li>\n", html.EscapeString(link), PartsHTML(n.Parts))
	}
	fmt.Fprintf(&text, "\n%s\n%s", loc.T("Your inbox: {link}", "link", a.cfg.Mail.PublicURL+"/inbox"), a.mailFooter(loc, false))
	fmt.Fprintf(&body, "</ul>\n<p><a href=\"%s/inbox\">%s</a></p>\n%s", html.EscapeString(a.cfg.Mail.PublicURL), html.EscapeString(loc.T("Your inbox")), a.mailFooter(loc, true))
	subject := loc.N("Commonplace: {n} new notification", "Commonplace: {n} new notifications", len(list))
	return []store.Mail{{UserID: uid, Kind: mailDigest, To: u.Email, Subject: subject, Text: text.String(), HTML: body.String(), NextTry: a.dbNow()}}, nil
}

// helloHTML greets name in HTML, the name set apart as a bidi isolate (an
// Arabic name in an English greeting keeps the comma after it).
func helloHTML(loc *i18n.Locale, name string) string {
	return PartsHTML(fillParts(loc.T("Hello {name},"), "name", TextPart{Text: name, Isolated: true}))
}

// mailFooter says why the mail came and where to stop it.
func (a *App) mailFooter(loc *i18n.Locale, htmlForm bool) string {
	link := a.cfg.Mail.PublicURL + settingsPath
	why := loc.T("You get this e-mail because you asked Commonplace to tell you of notifications by e-mail.")
	if htmlForm {
		return fmt.Sprintf("<hr>\n<p>%s <a href=\"%s\">%s</a></p>\n", html.EscapeString(why), html.EscapeString(link), html.EscapeString(loc.T("Change or stop these e-mails")))
	}
	return fmt.Sprintf("\n-- \n%s\n%s\n", why, loc.T("Change or stop these e-mails: {link}", "link", link))
}

// subjectOf is a sentence as a subject line: no final stop, at most 120 characters.
func subjectOf(s string) string {
	s = strings.TrimSuffix(s, ".")
	if utf8.RuneCountInString(s) > 120 {
		r := []rune(s)
		s = string(r[:119]) + "…"
	}
	return s
}
