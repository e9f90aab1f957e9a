package app

import (
	"context"

	"github.com/commonplace/commonplace/i18n"
)

// SetInterfaceLanguage stores the language the caller reads the interface
// in: a shipped interface language's code, or "" to follow the browser.
func (a *App) SetInterfaceLanguage(ctx context.Context, who Actor, lang string) (string, error) {
	if !who.SignedIn() {
		return "", ErrUnauthorized
	}
	if lang != "" {
		l, ok := i18n.Default().Lookup(lang)
		if !ok {
			return "", invalid("language", "%q is not a language of the interface", lang)
		}
		lang = l.Code
	}
	if err := a.db.SetUILanguage(ctx, who.ID, lang); err != nil {
		return "", err
	}
	return lang, nil
}
