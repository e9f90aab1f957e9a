package license

// Featured are the licences a chooser shows first: the two current
// Creative Commons licences that keep a work fully open, and the two
// public-domain tools. Everything else (NonCommercial, NoDerivatives,
// older versions and ports) is one step further away.
func Featured() []License {
	out := make([]License, 0, 4)
	for _, id := range []string{"CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "PDM-1.0"} {
		l, _ := Lookup(id) // in the catalogue by construction
		out = append(out, l)
	}
	return out
}

// Explain says in one line what a licence lets others do, for people
// choosing one. Versions and ports of a family share the line.
func Explain(l License) string {
	switch l.Family {
	case FamilyBY:
		return "Anyone may share and adapt it, also commercially, as long as they credit you."
	case FamilyBYSA:
		return "Anyone may share and adapt it with credit; adaptations must carry the same licence."
	case FamilyBYNC:
		return "Anyone may share and adapt it with credit, but not for commercial purposes."
	case FamilyBYNCSA:
		return "Non-commercial sharing and adapting with credit; adaptations must carry the same licence."
	case FamilyBYND:
		return "May be shared with credit, also commercially, but not adapted: no forks or translations."
	case FamilyBYNCND:
		return "May be shared with credit for non-commercial purposes only: no forks or translations."
	case FamilyCC0:
		return "You waive your rights: anyone may use it for anything, no credit required."
	case FamilyPDM:
		return "For works already free of known copyright, such as very old works."
	case FamilyGPL:
		return "A software licence: adaptations must carry the GPL too."
	case FamilyLAL:
		return "A copyleft licence for art: adaptations must carry the Free Art License too."
	}
	return "A licence we do not know: it cannot be adapted here."
}
