// Package license knows the licences Commonplace works with, identified by SPDX id: the Creative
// Commons licences 1.0–4.0 (with the commonly used 2.0–3.0 ports and the IGO licences), CC0, the
// Public Domain Mark, and GPL 3.0 and the Free Art License 1.3 as targets of CC BY-SA 4.0.
//
// It answers three questions, each from data plus one function, following Creative Commons' own
// Adapter's License Chart, License Compatibility Chart and ShareAlike compatibility decisions:
// may this be adapted (CanAdapt), which licences may an adaptation carry (DerivativeChoices,
// CheckDerivative, RemixChoices), and how is the material credited (Attribute, TASL form).
//
// The package is pure: no I/O, no HTTP, no storage. Errors are typed so the HTTP layer can map
// them to responses in one place.
package license

// Family groups licences that carry the same conditions regardless of version or port.
type Family string

// The licence families. FamilyUnknown covers everything outside the catalogue, which counts as
// "all rights reserved": it may be stored and linked, never adapted.
const (
	FamilyCC0     Family = "CC0"
	FamilyPDM     Family = "PDM"
	FamilyBY      Family = "BY"
	FamilyBYSA    Family = "BY-SA"
	FamilyBYNC    Family = "BY-NC"
	FamilyBYNCSA  Family = "BY-NC-SA"
	FamilyBYND    Family = "BY-ND"
	FamilyBYNCND  Family = "BY-NC-ND"
	FamilyGPL     Family = "GPL"
	FamilyLAL     Family = "LAL"
	FamilyUnknown Family = "unknown"
)

// License is one entry of the catalogue.
type License struct {
	ID      string // canonical SPDX id, e.g. "CC-BY-SA-4.0", "CC-BY-SA-3.0-DE", "CC0-1.0"
	Name    string // short human name, e.g. "CC BY-SA 4.0", "CC BY 3.0 DE"
	Family  Family
	Version string // "4.0", "3.0", "2.1", ...
	Port    string // jurisdiction of a ported licence ("DE", "IGO", ...), "" for generic
	URL     string // the licence deed (or canonical text for GPL and LAL)
}

// Verdict says whether a licence may be chosen for an adaptation.
type Verdict string

// Verdicts: allowed, allowed but not recommended (the UI says why), refused.
const (
	VerdictOK   Verdict = "ok"
	VerdictWarn Verdict = "warn"
	VerdictNo   Verdict = "no"
)

// Choice is one licence offered for an adaptation, with its verdict. Reason is a human sentence
// for warn and no, empty for ok.
type Choice struct {
	License License
	Verdict Verdict
	Reason  string
}

// allowed reports whether the choice may be taken (ok or warn).
func (c Choice) allowed() bool { return c.Verdict == VerdictOK || c.Verdict == VerdictWarn }
