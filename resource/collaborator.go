package resource

import "time"

// Collaborator is a person's role on a resource.
type Collaborator struct {
	User  Person
	Role  Role
	Added time.Time
}
