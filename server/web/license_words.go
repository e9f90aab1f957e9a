package web

import (
	"github.com/commonplace/commonplace/i18n"
	"github.com/commonplace/commonplace/license"
)

// The licence package explains licences in English for programs and logs; pages say the same
// in the reader's language, by the licence's family.

// licenseNotes say what each family of licences lets others do (license.Explain).
var licenseNotes = map[license.Family]string{
	license.FamilyBY:     i18n.M("Anyone may share and adapt it, also commercially, as long as they credit you."),
	license.FamilyBYSA:   i18n.M("Anyone may share and adapt it with credit; adaptations must carry the same licence."),
	license.FamilyBYNC:   i18n.M("Anyone may share and adapt it with credit, but not for commercial purposes."),
	license.FamilyBYNCSA: i18n.M("Non-commercial sharing and adapting with credit; adaptations must carry the same licence."),
	license.FamilyBYND:   i18n.M("May be shared with credit, also commercially, but not adapted: no forks or translations."),
	license.FamilyBYNCND: i18n.M("May be shared with credit for non-commercial purposes only: no forks or translations."),
	license.FamilyCC0:    i18n.M("You waive your rights: anyone may use it for anything, no credit required."),
	license.FamilyPDM:    i18n.M("For works already free of known copyright, such as very old works."),
	license.FamilyGPL:    i18n.M("A software licence: adaptations must carry the GPL too."),
	license.FamilyLAL:    i18n.M("A copyleft licence for art: adaptations must carry the Free Art License too."),
}

// licenseNote is license.Explain in loc's language.
func licenseNote(loc *i18n.Locale, l license.License) string {
	if id, ok := licenseNotes[l.Family]; ok {
		return loc.T(id)
	}
	return loc.T("A licence we do not know: it cannot be adapted here.")
}

// warnNotes say why a licence is allowed but not recommended for an adaptation, by the
// adaptation's family (the licence package's warn cells).
var warnNotes = map[license.Family]string{
	license.FamilyCC0:    i18n.M("Not recommended: {target} releases into the public domain material whose author asked for credit under {source}: later users would no longer have to name them."),
	license.FamilyBYND:   i18n.M("Not recommended: {target} locks the adaptation against further adaptation: nobody could translate, correct or update it."),
	license.FamilyBYNCND: i18n.M("Not recommended: {target} locks the adaptation against further adaptation (nobody could translate, correct or update it) and rules out commercial use."),
}

// warnNote is why choosing target for an adaptation of source is not recommended.
func warnNote(loc *i18n.Locale, source, target license.License) string {
	if id, ok := warnNotes[target.Family]; ok {
		return loc.T(id, "source", source.Name, "target", target.Name)
	}
	return loc.T("Not recommended for an adaptation of {source}.", "source", source.Name)
}

// noAdaptationNote says why a resource under sourceID may not be forked or translated.
func noAdaptationNote(loc *i18n.Locale, sourceID string) string {
	if l, err := license.Lookup(sourceID); err == nil {
		return loc.T("{licence} is a No-Derivatives licence: it may be shared unchanged, not adapted or translated. Link to it or include it unmodified in a collection instead.", "licence", l.Name)
	}
	return loc.T("“{licence}” is not a licence known to allow adaptation, so the material counts as all rights reserved: it may be stored and linked, not adapted or translated.", "licence", sourceID)
}
