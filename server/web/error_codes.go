package web

import "github.com/commonplace/commonplace/i18n"

// codeMessages say what each error code means, for a page in a language whose catalogue does
// not know the application's message word for word (error_codes_test.go fails when a code the
// application or the HTTP layer uses has none here, or a shipped language lacks it).
var codeMessages = map[string]string{
	"account_has_collaborators":   i18n.M("Some of your resources have other people working on them: choose who takes each one over."),
	"already_confirmed":           i18n.M("Your e-mail address is already confirmed."),
	"approve_own":                 i18n.M("This translation's policy asks another reviewer to approve what you wrote."),
	"bad_cursor":                  i18n.M("This page link does not belong to this search: search again."),
	"bad_op":                      i18n.M("The change does not fit the text: reload the page and try again."),
	"bad_request":                 i18n.M("The request could not be read: check what you sent and try again."),
	"base_unknown":                i18n.M("The text changed too much in the meantime: reload the page and try again."),
	"closed":                      i18n.M("This proposal is already closed."),
	"conflict":                    i18n.M("Someone changed this in the meantime: reload the page and try again."),
	"csrf":                        i18n.M("The form has expired: reload the page and try again."),
	"cursor_expired":              i18n.M("This page link has expired: search again."),
	"email_change_pending":        i18n.M("A change of e-mail address is waiting for its link: follow it, as it confirms the new address, or cancel the change first."),
	"email_taken":                 i18n.M("Another account uses this address."),
	"empty_file":                  i18n.M("The file is empty: choose the file to send."),
	"existing_translation":        i18n.M("A translation into this language already exists."),
	"forbidden":                   i18n.M("Your role does not allow this."),
	"internal":                    i18n.M("Something went wrong on our side; nothing was changed."),
	"invalid":                     i18n.M("This value is not accepted: check it and try again."),
	"invalid_file":                i18n.M("The file could not be read; nothing was imported."),
	"invalid_json":                i18n.M("The request could not be read: check what you sent and try again."),
	"invalid_token":               i18n.M("This link has expired or was already used; ask for a new one."),
	"license_forbids_derivatives": i18n.M("The source's licence does not allow adaptations."),
	"license_incompatible":        i18n.M("This licence cannot be used for an adaptation of the source: choose one its licence allows."),
	"malformed":                   i18n.M("The file is damaged or not in the format it claims to be."),
	"merge_conflict":              i18n.M("Both sides changed the same lines: resolve the conflicts and merge again; nothing was changed."),
	"method_not_allowed":          i18n.M("This address does not accept this kind of request."),
	"no_changes":                  i18n.M("This fork has no changes to offer yet: edit it first."),
	"not_a_translation":           i18n.M("This resource is not a translation."),
	"not_approved":                i18n.M("A reviewer must approve this proposal before it is merged."),
	"not_closed":                  i18n.M("Only a closed proposal can be reopened."),
	"not_derived":                 i18n.M("This resource was not derived from another one."),
	"not_found":                   i18n.M("There is nothing here, or it is private."),
	"not_mergeable":               i18n.M("There is nothing to merge."),
	"placeholders":                i18n.M("The translation must keep every tag and placeholder of the source text."),
	"plan_changed":                i18n.M("The resources of your account changed while you were deciding: look at the plan again."),
	"published_only":              i18n.M("This translation publishes only approved text: export its current text instead of a revision."),
	"rate_limited":                i18n.M("Too many attempts: wait a little and try again."),
	"self_review":                 i18n.M("Another reviewer approves and merges this proposal (the source's owners can allow self-review in its settings)."),
	"source_unavailable":          i18n.M("The source was deleted or you can no longer read it."),
	"stale":                       i18n.M("The texts changed since the conflicts were shown: look at them again."),
	"still_derived_from":          i18n.M("Other resources derive from this one or build on its history, so it cannot be erased before they are. It stays restorable until its time in “Recently deleted” ends."),
	"timeout":                     i18n.M("The request took too long to arrive: try again."),
	"too_large":                   i18n.M("This is larger than the limit."),
	"translation_text":            i18n.M("A translation's text is written through its segments."),
	"unauthorized":                i18n.M("Sign in to do this."),
	"unavailable":                 i18n.M("This cannot be done right now: try again shortly."),
	"unchanged":                   i18n.M("Nothing would change: the text is already the same."),
	"unknown_format":              i18n.M("Commonplace does not know this format."),
	"unsupported_media_type":      i18n.M("This kind of file is not supported."),
	"wrong_language":              i18n.M("The file's languages do not match this translation's."),
	"wrong_password":              i18n.M("This is not your current password."),
}

// unknownCode is said for a code codeMessages lacks (the test keeps that from happening for the
// codes in the sources; the HTTP framework's own codes are named after their status).
var unknownCode = i18n.M("This could not be done.")

// codeMessage says what an error code means, in loc's language.
func codeMessage(loc *i18n.Locale, code string) string {
	if id, ok := codeMessages[code]; ok {
		return loc.T(id)
	}
	return loc.T(unknownCode)
}
