package license

// AllowsCommercialUse reports whether the licence lets anyone use the work
// commercially: everything in the catalogue except the NonCommercial
// licences; an unknown licence ("all rights reserved") does not. Search
// facets group licences by this permission and by CanAdapt.
func AllowsCommercialUse(id string) bool {
	switch familyOf(id) {
	case FamilyBYNC, FamilyBYNCSA, FamilyBYNCND, FamilyUnknown:
		return false
	}
	return true
}

// AllowsAdaptation reports whether adaptations (forks, translations) of a
// work under the licence may be shared: CanAdapt as a yes or no.
func AllowsAdaptation(id string) bool { return CanAdapt(id) == nil }
