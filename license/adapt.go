package license

import (
	"fmt"
	"strconv"
	"strings"
)

// cell is one entry of the adapter's licence chart.
type cell uint8

const (
	cellNo       cell = iota // refused (the zero value, so missing entries refuse)
	cellOK                   // allowed
	cellWarn                 // allowed, not recommended
	cellCopyleft             // allowed if the copyleft version rule (copyleftAllows) agrees
)

// adaptTable is Creative Commons' Adapter's License Chart by family: source family → licence of
// the adaptation → cell. No-Derivatives and unknown sources have no row: they cannot be adapted
// at all (CanAdapt). The Public Domain Mark is never a valid target: it labels works already free
// of copyright and cannot license new material.
var adaptTable = map[Family]map[Family]cell{
	FamilyCC0: {FamilyCC0: cellOK, FamilyBY: cellOK, FamilyBYSA: cellOK, FamilyBYNC: cellOK,
		FamilyBYNCSA: cellOK, FamilyBYND: cellOK, FamilyBYNCND: cellOK, FamilyGPL: cellOK, FamilyLAL: cellOK},
	FamilyPDM: {FamilyCC0: cellOK, FamilyBY: cellOK, FamilyBYSA: cellOK, FamilyBYNC: cellOK,
		FamilyBYNCSA: cellOK, FamilyBYND: cellOK, FamilyBYNCND: cellOK, FamilyGPL: cellOK, FamilyLAL: cellOK},
	FamilyBY: {FamilyCC0: cellWarn, FamilyBY: cellOK, FamilyBYSA: cellOK, FamilyBYNC: cellOK,
		FamilyBYNCSA: cellOK, FamilyBYND: cellWarn, FamilyBYNCND: cellWarn, FamilyGPL: cellOK, FamilyLAL: cellOK},
	FamilyBYSA:   {FamilyBYSA: cellCopyleft, FamilyGPL: cellCopyleft, FamilyLAL: cellCopyleft},
	FamilyBYNC:   {FamilyBYNC: cellOK, FamilyBYNCSA: cellOK, FamilyBYNCND: cellWarn},
	FamilyBYNCSA: {FamilyBYNCSA: cellCopyleft},
	FamilyGPL:    {FamilyGPL: cellCopyleft},
	FamilyLAL:    {FamilyLAL: cellCopyleft, FamilyBYSA: cellCopyleft},
}

// warnReasons explain the warn cells, by the adaptation's family; %[1]s is the source licence's
// name, %[2]s the target's.
var warnReasons = map[Family]string{
	FamilyCC0: "%[2]s releases into the public domain material whose author asked for credit under %[1]s: " +
		"later users would no longer have to name them.",
	FamilyBYND: "%[2]s locks the adaptation against further adaptation: nobody could translate, " +
		"correct or update it.",
	FamilyBYNCND: "%[2]s locks the adaptation against further adaptation (nobody could translate, " +
		"correct or update it) and rules out commercial use.",
}

// noReasons explain refusals by the source's family (copyleft families use copyleftReason).
var noReasons = map[Family]string{
	FamilyBYNC: "%[1]s is NonCommercial: licensing the adaptation under %[2]s would allow the " +
		"commercial use its author ruled out.",
}

const pdmTargetReason = "The Public Domain Mark labels works already free of copyright; it cannot " +
	"license a new adaptation. Use CC0 1.0 to waive your own rights."

// CanAdapt reports whether material under the licence may be adapted and shared (forked,
// translated, remixed). It returns nil, or a *ForbidsDerivativesError for No-Derivatives licences
// and unknown ids (which count as all rights reserved). A translation is an adaptation.
func CanAdapt(sourceID string) error {
	l, err := Lookup(sourceID)
	if err != nil {
		return &ForbidsDerivativesError{Source: sourceID, Reason: fmt.Sprintf(
			"%q is not a licence known to allow adaptation, so the material counts as all rights "+
				"reserved: it may be stored and linked, not adapted or translated.", sourceID)}
	}
	if l.Family == FamilyBYND || l.Family == FamilyBYNCND {
		return &ForbidsDerivativesError{Source: l.ID, Reason: fmt.Sprintf(
			"%s is a No-Derivatives licence: it may be shared unchanged, not adapted or translated.", l.Name)}
	}
	return nil
}

// DerivativeChoices returns every catalogue licence with its verdict for an adaptation of
// material under sourceID, in catalogue order. It fails with CanAdapt's error if the source may
// not be adapted.
func DerivativeChoices(sourceID string) ([]Choice, error) {
	if err := CanAdapt(sourceID); err != nil {
		return nil, err
	}
	src, _ := Lookup(sourceID) // known: CanAdapt succeeded
	choices := make([]Choice, 0, len(known.all))
	for _, tgt := range known.all {
		choices = append(choices, judge(src, tgt))
	}
	return choices, nil
}

// CheckDerivative judges one licence for an adaptation of material under sourceID. It returns
// the Choice when the licence is allowed (ok or warn); a *IncompatibleError listing the allowed
// ids when it is refused; a *ForbidsDerivativesError when the source may not be adapted; and an
// error wrapping ErrUnknown when targetID is not in the catalogue.
func CheckDerivative(sourceID, targetID string) (Choice, error) {
	choices, err := DerivativeChoices(sourceID)
	if err != nil {
		return Choice{}, err
	}
	return pick(choices, canonicalID(sourceID), targetID)
}

// pick finds targetID among choices and turns a refusal into an *IncompatibleError.
func pick(choices []Choice, sourceLabel, targetID string) (Choice, error) {
	tgt, err := Lookup(targetID)
	if err != nil {
		return Choice{}, fmt.Errorf("licence for the adaptation: %w", err)
	}
	for _, c := range choices {
		if c.License.ID != tgt.ID {
			continue
		}
		if c.allowed() {
			return c, nil
		}
		return Choice{}, &IncompatibleError{Source: sourceLabel, Target: tgt.ID,
			Allowed: allowedIDs(choices), Reason: c.Reason}
	}
	// Unreachable: choices always cover the whole catalogue.
	return Choice{}, fmt.Errorf("licence %s missing from choices: %w", tgt.ID, ErrUnknown)
}

// DefaultForFork returns the licence offered by default for a fork: the source's own (canonical
// id). For ShareAlike sources before 4.0 it is one of several choices, for BY-SA 1.0 the only
// one. The Public Domain Mark is the exception: it labels material free of copyright and cannot
// license an adapter's new work, so its forks default to CC0 1.0, the closest licence. Unknown
// ids give "".
func DefaultForFork(sourceID string) string {
	l, err := Lookup(sourceID)
	switch {
	case err != nil:
		return ""
	case l.Family == FamilyPDM:
		return cc0.ID
	}
	return l.ID
}

// canonicalID returns the catalogue's spelling of id, or id itself when it is unknown.
func canonicalID(id string) string {
	if l, err := Lookup(id); err == nil {
		return l.ID
	}
	return id
}

// judge applies the adapter's chart to one (source, target) pair; the source may be adapted.
func judge(src, tgt License) Choice {
	c := Choice{License: tgt}
	switch adaptTable[src.Family][tgt.Family] {
	case cellOK:
		c.Verdict = VerdictOK
	case cellWarn:
		c.Verdict = VerdictWarn
		c.Reason = fmt.Sprintf(warnReasons[tgt.Family], src.Name, tgt.Name)
	case cellCopyleft:
		if copyleftAllows(src, tgt) {
			c.Verdict = VerdictOK
		} else {
			c.Verdict, c.Reason = VerdictNo, copyleftReason(src)
		}
	default:
		c.Verdict = VerdictNo
		switch {
		case noReasons[src.Family] != "":
			c.Reason = fmt.Sprintf(noReasons[src.Family], src.Name, tgt.Name)
		case isCopyleft(src.Family):
			c.Reason = copyleftReason(src)
		default:
			c.Reason = pdmTargetReason
		}
	}
	return c
}

// copyleftAllows is the ShareAlike version rule (footnote ¹ of the rules): BY-SA 1.0 and
// BY-NC-SA 1.0 allow only themselves; 2.0, 2.1, 2.5 and 3.0, generic or ported, allow the same
// licence elements at the same or a later version, generic or any port; BY-SA 4.0 allows itself,
// GPL 3.0 (one-way compatible since 2015) and the Free Art License 1.3 (two-way since 2014);
// BY-NC-SA 4.0 allows itself. GPL-3.0-only stays itself, GPL-3.0-or-later may also narrow to
// -only; the Free Art License allows itself and BY-SA 4.0.
func copyleftAllows(src, tgt License) bool {
	switch src.Family {
	case FamilyBYSA, FamilyBYNCSA:
		switch {
		case src.Version == "1.0":
			return tgt.ID == src.ID
		case tgt.Family == src.Family:
			return versionNumber(tgt.Version) >= versionNumber(src.Version)
		default:
			return src.Family == FamilyBYSA && src.Version == "4.0" &&
				(tgt.Family == FamilyGPL || tgt.Family == FamilyLAL)
		}
	case FamilyGPL:
		if src.ID == "GPL-3.0-only" {
			return tgt.ID == src.ID
		}
		return tgt.Family == FamilyGPL
	case FamilyLAL:
		return tgt.Family == FamilyLAL || tgt.ID == "CC-BY-SA-4.0"
	}
	return false
}

// isCopyleft reports whether adaptations must stay under the same (or a declared compatible)
// licence.
func isCopyleft(f Family) bool {
	return f == FamilyBYSA || f == FamilyBYNCSA || f == FamilyGPL || f == FamilyLAL
}

// copyleftReason explains what a copyleft source demands of an adaptation.
func copyleftReason(src License) string {
	switch {
	case src.Family == FamilyGPL && src.ID == "GPL-3.0-only":
		return "GPL-3.0-only is copyleft: an adaptation must stay under GPL version 3 only."
	case src.Family == FamilyGPL:
		return "GPL-3.0-or-later is copyleft: an adaptation must stay under GPL version 3 (only or or-later)."
	case src.Family == FamilyLAL:
		return "The Free Art License 1.3 is copyleft: an adaptation must stay under it or the compatible CC BY-SA 4.0."
	case src.Version == "1.0":
		return fmt.Sprintf("%s allows adaptations only under %s itself.", src.Name, src.Name)
	case src.Family == FamilyBYSA && src.Version == "4.0":
		return "CC BY-SA 4.0 is ShareAlike: an adaptation must be licensed under CC BY-SA 4.0 or a licence " +
			"Creative Commons declared compatible (GPL 3.0, Free Art License 1.3)."
	default:
		return fmt.Sprintf("%s is ShareAlike: an adaptation must carry CC %s at version %s or later "+
			"(generic or ported).", src.Name, src.Family, src.Version)
	}
}

// versionNumber turns "2.5" into 25 so versions compare as numbers.
func versionNumber(v string) int {
	major, minor, _ := strings.Cut(v, ".")
	a, _ := strconv.Atoi(major)
	b, _ := strconv.Atoi(minor)
	return a*10 + b
}

// allowedIDs lists the ids of the choices that may be taken.
func allowedIDs(choices []Choice) []string {
	var ids []string
	for _, c := range choices {
		if c.allowed() {
			ids = append(ids, c.License.ID)
		}
	}
	return ids
}
