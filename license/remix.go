package license

import (
	"fmt"
	"strings"
)

// RemixChoices returns every catalogue licence with its verdict for a work that adapts several
// sources at once. A licence is allowed only if every source's adapter's chart allows it; its
// verdict is the worst of them, and a refusal carries the first source's reason. This is the
// License Compatibility Chart: any No-Derivatives or unknown source refuses the remix
// (*ForbidsDerivativesError); ShareAlike meets NonCommercial, or ShareAlike versions with no
// common licence (BY-SA 1.0 + BY-SA 2.0), give an *IncompatibleError; BY-SA 3.0 + BY-SA 4.0
// leaves BY-SA 4.0. The original licences keep applying to the original material, so the
// attribution lists every source.
func RemixChoices(sourceIDs []string) ([]Choice, error) {
	if len(sourceIDs) == 0 {
		return nil, fmt.Errorf("remix: %w", ErrNoSources)
	}
	perSource := make([][]Choice, 0, len(sourceIDs))
	for _, id := range sourceIDs {
		choices, err := DerivativeChoices(id)
		if err != nil {
			return nil, err
		}
		perSource = append(perSource, choices)
	}
	combined := make([]Choice, len(known.all))
	for i := range combined {
		combined[i] = perSource[0][i]
		for _, choices := range perSource[1:] {
			combined[i] = worse(combined[i], choices[i])
		}
	}
	if len(allowedIDs(combined)) == 0 {
		return nil, &IncompatibleError{Source: remixLabel(sourceIDs), Reason: remixConflict(sourceIDs)}
	}
	return combined, nil
}

// CheckRemix judges one licence for a work combining several sources, like CheckDerivative.
func CheckRemix(sourceIDs []string, targetID string) (Choice, error) {
	choices, err := RemixChoices(sourceIDs)
	if err != nil {
		return Choice{}, err
	}
	return pick(choices, remixLabel(sourceIDs), targetID)
}

// severity orders verdicts from best to worst.
var severity = map[Verdict]int{VerdictOK: 0, VerdictWarn: 1, VerdictNo: 2}

// worse returns whichever choice has the worse verdict, keeping a's reason on a tie.
func worse(a, b Choice) Choice {
	if severity[b.Verdict] > severity[a.Verdict] {
		return b
	}
	return a
}

// remixLabel names a set of sources by their canonical ids.
func remixLabel(sourceIDs []string) string {
	ids := make([]string, len(sourceIDs))
	for i, id := range sourceIDs {
		ids[i] = canonicalID(id)
	}
	return strings.Join(ids, " + ")
}

// remixConflict explains why no licence satisfies every source. All sources are known and
// adaptable here (RemixChoices checked).
func remixConflict(sourceIDs []string) string {
	var copyleft, nonCommercial []License
	for _, id := range sourceIDs {
		l, _ := Lookup(id)
		switch l.Family {
		case FamilyBYSA, FamilyGPL, FamilyLAL:
			copyleft = append(copyleft, l)
		case FamilyBYNC, FamilyBYNCSA:
			nonCommercial = append(nonCommercial, l)
		}
	}
	if len(copyleft) > 0 && len(nonCommercial) > 0 {
		return fmt.Sprintf("%s requires the result to allow commercial use, %s forbids it: "+
			"ShareAlike and NonCommercial material cannot be combined.", copyleft[0].Name, nonCommercial[0].Name)
	}
	names := make([]string, 0, len(sourceIDs))
	for _, id := range sourceIDs {
		l, _ := Lookup(id)
		names = append(names, l.Name)
	}
	return fmt.Sprintf("No single licence satisfies the ShareAlike (copyleft) rules of %s.", joinNatural(names))
}

// joinNatural joins "A", "A and B", "A, B and C".
func joinNatural(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
